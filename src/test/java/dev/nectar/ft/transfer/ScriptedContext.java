package dev.nectar.ft.transfer;

import dev.nectar.ft.identity.NodeId;
import dev.nectar.ft.process.Kernel;
import dev.nectar.ft.process.ProcessContext;
import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.Envelope;
import dev.nectar.ft.wire.KernelNotice;
import dev.nectar.ft.wire.MalformedMessageException;
import dev.nectar.ft.wire.TransferRequest;
import dev.nectar.ft.wire.TransferStatus;
import dev.nectar.ft.wire.WireFrame;
import dev.nectar.ft.wire.WorkerMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A process context with no kernel and no network: what the process sends is recorded, each request it makes is
 * answered by a script, and a test hands it messages as a peer's worker would. As Syncthing tests its puller
 * against fake connections.
 */
final class ScriptedContext implements ProcessContext {
    static final String PEER = "bob";
    static final String PEER_ID = "b".repeat(NodeId.LENGTH);
    static final String OUR_ID = "a".repeat(NodeId.LENGTH);
    static final Address OWNER = new Address(OUR_ID, Address.MAIN_PROCESS);
    static final Address SENDER = new Address(PEER_ID, "worker-5e4de7000001");
    private static final AtomicLong IDS = new AtomicLong();

    /** Something the process sent: to whom, what, and the bytes with it. */
    record Sent(Address target, byte[] body, ByteBuf blob) {
        WorkerMessage worker() throws MalformedMessageException {
            return WorkerMessage.decode(body);
        }
    }

    private final Address self;
    final List<Sent> sent = new ArrayList<>();
    final List<TransferRequest> requests = new ArrayList<>();
    final List<Address> droppedLinks = new ArrayList<>();
    final List<TransferStatus> reports = new ArrayList<>();
    final Deque<Function<TransferRequest, byte[]>> answers = new ArrayDeque<>();
    boolean exited;
    boolean stopping;
    private Function<TransferRequest, byte[]> otherwise;

    ScriptedContext(String worker) {
        this.self = new Address(OUR_ID, worker);
    }

    /** Every request the process makes once the scripted answers ran out is answered with what {@code answer} makes of it. */
    ScriptedContext answeringAll(Function<TransferRequest, byte[]> answer) {
        otherwise = answer;
        return this;
    }

    /** The next request the process makes is answered with what {@code answer} makes of it. */
    ScriptedContext answering(Function<TransferRequest, byte[]> answer) {
        answers.add(answer);
        return this;
    }

    /** A message from {@code source} to this process, with {@code blob} (released once handled, as a kernel does). */
    WireFrame.Message from(Address source, byte[] body, byte[] blob) {
        return new WireFrame.Message(new Envelope(IDS.incrementAndGet(), Envelope.Kind.REQUEST, source, self, 30_000), body,
                blob == null ? null : Unpooled.wrappedBuffer(blob));
    }

    WireFrame.Message linkDown() {
        return from(new Address(OUR_ID, KernelNotice.PROCESS), new KernelNotice(PEER_ID).encode(), null);
    }

    /** What the process said to the sender, worker messages in order. */
    List<WorkerMessage> toSender() throws MalformedMessageException {
        List<WorkerMessage> said = new ArrayList<>();
        for (Sent message : sent) {
            if (message.target().equals(SENDER)) {
                said.add(message.worker());
            }
        }
        return said;
    }

    @Override
    public Address address() {
        return self;
    }

    @Override
    public Kernel kernel() {
        throw new UnsupportedOperationException("a worker needs no kernel");
    }

    /** A node that knows no peers: its downloads have one source. */
    @Override
    public List<NodeId> peers() {
        return List.of();
    }

    @Override
    public String nameOf(String node) {
        return node;
    }

    @Override
    public CompletableFuture<Void> send(Address target, byte[] body, ByteBuf blob) {
        sent.add(new Sent(target, body, blob));
        if (target.equals(OWNER)) {
            try {
                switch (TransferRequest.decode(body)) {
                    case TransferRequest.Progress progress -> reports.add(progress.status());
                    case TransferRequest.Settled settled -> reports.addAll(settled.statuses());
                    default -> throw new AssertionError("unexpected report " + new String(body));
                }
            } catch (MalformedMessageException e) {
                throw new AssertionError(e);
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<WireFrame.Message> request(Address target, byte[] body, Duration timeout) {
        try {
            TransferRequest request = TransferRequest.decode(body);
            requests.add(request);
            if (answers.isEmpty() && otherwise == null) {
                return CompletableFuture.failedFuture(new AssertionError("no answer scripted for " + request));
            }
            byte[] answer = (answers.isEmpty() ? otherwise : answers.removeFirst()).apply(request);
            return CompletableFuture.completedFuture(new WireFrame.Message(
                    new Envelope(IDS.incrementAndGet(), Envelope.Kind.RESPONSE, target, self, 0), answer, null));
        } catch (MalformedMessageException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void respond(WireFrame.Message request, byte[] body) {
        sent.add(new Sent(request.envelope().source(), body, null));
    }

    @Override
    public void exit() {
        exited = true;
    }

    @Override
    public void watch(NodeId node) {
        // The test says when a link goes down.
    }

    @Override
    public void dropLink(NodeId node) {
        droppedLinks.add(new Address(node.value(), "link"));
    }

    @Override
    public boolean isKernelNotice(Address source) {
        return source.process().equals(KernelNotice.PROCESS);
    }

    @Override
    public boolean nodeStopping() {
        return stopping;
    }

    /** The last status reported for transfer {@code id}. */
    TransferStatus last(String id) {
        for (int i = reports.size() - 1; i >= 0; i--) {
            if (reports.get(i).id().equals(id)) {
                return reports.get(i);
            }
        }
        throw new AssertionError("nothing reported for " + id);
    }
}
