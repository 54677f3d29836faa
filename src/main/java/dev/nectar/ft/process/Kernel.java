package dev.nectar.ft.process;

import dev.nectar.ft.home.HostPort;
import dev.nectar.ft.identity.AddressBook;
import dev.nectar.ft.identity.NodeId;
import dev.nectar.ft.identity.Peer;
import dev.nectar.ft.net.Link;
import dev.nectar.ft.net.LinkException;
import dev.nectar.ft.net.LinkListener;
import dev.nectar.ft.net.Network;
import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.Envelope;
import dev.nectar.ft.wire.ErrorReply;
import dev.nectar.ft.wire.KernelNotice;
import dev.nectar.ft.wire.WireFrame;
import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process runtime of one node: spawns processes, routes messages between them on this node and over links
 * to other nodes, and matches responses to waiting requests with timeouts.
 */
public final class Kernel implements LinkListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Kernel.class);
    private static final int MAX_PENDING_REQUESTS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final NodeId our;
    private final Network network;
    private final AddressBook addressBook;
    private final Map<String, RunningProcess> processes = new ConcurrentHashMap<>();
    private final Map<Long, PendingRequest> pending = new ConcurrentHashMap<>();
    private final Map<NodeId, java.util.Set<Address>> watchers = new ConcurrentHashMap<>();
    private volatile boolean shuttingDown;
    private final AtomicLong nextId = new AtomicLong(RANDOM.nextLong() >>> 1);

    /** A request waiting for its response, which only the node it was sent to may give. */
    private record PendingRequest(CompletableFuture<WireFrame.Message> response, NodeId node, Address target) {}

    /** Where an address leads: a process here, or a node to link to. */
    private sealed interface Destination {
        record Local() implements Destination {}

        record Remote(NodeId node, List<HostPort> addresses, List<HostPort> relays) implements Destination {}
    }

    public Kernel(NodeId our, Network network, AddressBook addressBook) {
        this.our = our;
        this.network = network;
        this.addressBook = addressBook;
    }

    public NodeId nodeId() {
        return our;
    }

    /** The address of {@code process} on this node, as other processes here see it. */
    public Address local(String process) {
        return new Address(our.value(), process);
    }

    /**
     * Starts a process named {@code name}, or a fresh worker id if null, and returns its address. The factory
     * makes a new instance at start and after each crash when {@code onExit} is {@link OnExit#RESTART}.
     */
    public Address spawn(String name, Supplier<Process> factory, OnExit onExit) {
        String processName = name != null ? name : newWorkerName();
        Address address = local(processName);
        RunningProcess process = new RunningProcess(this, address, factory, onExit);
        if (processes.putIfAbsent(processName, process) != null) {
            throw new IllegalStateException("a process named " + processName + " is already running");
        }
        process.start();
        return address;
    }

    /** A fresh worker process name, for a worker that is announced before it is spawned. */
    public String newWorkerName() {
        return "worker-" + HexFormat.of().formatHex(randomBytes(6));
    }

    /** True once {@link #close()} began: processes that end now are interrupted, not failing. */
    public boolean isShuttingDown() {
        return shuttingDown;
    }

    /** The node ids of the address book's peers, in its order. */
    public List<NodeId> peers() {
        return addressBook.all().stream().map(Peer::nodeId).toList();
    }

    /** What the owner calls {@code node} (a node id): its name in the address book, else its short id. */
    public String nameOf(String node) {
        return addressBook.find(node).map(Peer::name)
                .orElse(NodeId.looksLikeNodeId(node) ? new NodeId(node).shortForm() : node);
    }

    /** The node id that a node name (peer name or node id) stands for, if it is known. */
    public Optional<NodeId> nodeIdOf(String node) {
        if (node.equals(Address.OUR) || node.equals(our.value())) {
            return Optional.of(our);
        }
        Optional<NodeId> known = addressBook.find(node).map(Peer::nodeId);
        if (known.isPresent() || !NodeId.looksLikeNodeId(node)) {
            return known;
        }
        return Optional.of(new NodeId(node));
    }

    /**
     * Sends {@code watcher} a {@link KernelNotice} when the last link to {@code node} closes, once. A watcher
     * that watches a node with no link at all is told at once.
     */
    public void watch(Address watcher, NodeId node) {
        watchers.computeIfAbsent(node, id -> ConcurrentHashMap.newKeySet()).add(watcher);
        if (network.existingLink(node).isEmpty()) {
            notifyWatchers(node);
        }
    }

    /** Closes the links to {@code node}, for a process that found them stalled; the next message dials again. */
    public void dropLink(NodeId node) {
        network.existingLink(node).ifPresent(Link::close);
    }

    private void notifyWatchers(NodeId node) {
        java.util.Set<Address> watching = watchers.remove(node);
        if (watching == null) {
            return;
        }
        byte[] notice = new KernelNotice(node.value()).encode();
        watching.forEach(watcher -> send(local(KernelNotice.PROCESS), watcher, notice, null));
    }

    public boolean isRunning(String process) {
        return processes.containsKey(process);
    }

    void exited(RunningProcess process) {
        processes.remove(process.address().process(), process);
    }

    /**
     * Sends a request that expects no response; completes once it is handed to the target or its link. The
     * message owns {@code blob} from here, delivered or not.
     */
    public CompletableFuture<Void> send(Address source, Address target, byte[] body, ByteBuf blob) {
        Envelope envelope = new Envelope(nextId.incrementAndGet(), Envelope.Kind.REQUEST, normalized(source), target, 0);
        return deliver(new WireFrame.Message(envelope, body, blob));
    }

    /**
     * Sends a request and completes with the response, or fails with a {@link RequestFailedException} if the
     * target is unknown, offline, or silent for {@code timeout}.
     */
    public CompletableFuture<WireFrame.Message> request(Address source, Address target, byte[] body, ByteBuf blob, Duration timeout) {
        if (pending.size() >= MAX_PENDING_REQUESTS) {
            ReferenceCountUtil.release(blob);
            return CompletableFuture.failedFuture(new RequestFailedException(RequestFailedException.Reason.BUSY,
                    "too many requests are waiting for responses; try again shortly"));
        }
        Destination destination;
        try {
            destination = resolve(target);
        } catch (RequestFailedException e) {
            ReferenceCountUtil.release(blob);
            return CompletableFuture.failedFuture(e);
        }
        long id = nextId.incrementAndGet();
        int timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        Envelope envelope = new Envelope(id, Envelope.Kind.REQUEST, normalized(source), target, timeoutMillis);
        NodeId node = destination instanceof Destination.Remote remote ? remote.node() : our;
        CompletableFuture<WireFrame.Message> response = new CompletableFuture<>();
        pending.put(id, new PendingRequest(response, node, target));
        response.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS).whenComplete((message, error) -> pending.remove(id));
        deliver(new WireFrame.Message(envelope, body, blob), destination)
                .exceptionally(error -> {
                    response.completeExceptionally(unwrap(error));
                    return null;
                });
        return response.exceptionallyCompose(error -> {
            Throwable cause = unwrap(error);
            if (cause instanceof TimeoutException) {
                cause = new RequestFailedException(RequestFailedException.Reason.TIMEOUT,
                        "no response from " + target + " within " + seconds(timeoutMillis));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    /** Answers {@code request} from {@code source}; nothing is sent if the requester expects no response. */
    public void respond(Address source, WireFrame.Message request, byte[] body, ByteBuf blob) {
        if (!request.envelope().expectsResponse()) {
            ReferenceCountUtil.release(blob);
            return;
        }
        Envelope envelope = new Envelope(request.envelope().id(), Envelope.Kind.RESPONSE, normalized(source),
                request.envelope().source(), 0);
        deliver(new WireFrame.Message(envelope, body, blob)).exceptionally(error -> {
            LOG.debug("response to {} lost: {}", request.envelope().source(), unwrap(error).getMessage());
            return null;
        });
    }

    private CompletableFuture<Void> deliver(WireFrame.Message message) {
        try {
            return deliver(message, resolve(message.envelope().target()));
        } catch (RequestFailedException e) {
            message.release();
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Void> deliver(WireFrame.Message message, Destination destination) {
        return switch (destination) {
            case Destination.Local local -> {
                Envelope envelope = message.envelope();
                WireFrame.Message normalized = new WireFrame.Message(
                        new Envelope(envelope.id(), envelope.kind(), envelope.source(), local(envelope.target().process()),
                                envelope.timeoutMillis()), message.body(), message.blob());
                arrive(our, normalized);
                yield CompletableFuture.completedFuture(null);
            }
            case Destination.Remote remote -> network.linkTo(remote.node(), remote.addresses(), remote.relays())
                    .exceptionallyCompose(error -> {
                        message.release();
                        return CompletableFuture.failedFuture(offline(message.envelope().target(), unwrap(error)));
                    })
                    .thenCompose(link -> {
                        CompletableFuture<Void> written = new CompletableFuture<>();
                        link.send(message).addListener(future -> {
                            if (future.isSuccess()) {
                                written.complete(null);
                            } else {
                                written.completeExceptionally(new RequestFailedException(RequestFailedException.Reason.OFFLINE,
                                        "lost the link to " + link + ": " + future.cause().getMessage()));
                            }
                        });
                        return written;
                    });
        };
    }

    /** A message for a process on this node, from {@code sender} (this node, or the node at the other end of a link). */
    private void arrive(NodeId sender, WireFrame.Message message) {
        Envelope envelope = message.envelope();
        if (envelope.kind() == Envelope.Kind.RESPONSE) {
            PendingRequest waiting = pending.get(envelope.id());
            if (waiting == null || !waiting.node().equals(sender)) {
                LOG.debug("dropping a response nobody waits for: {}", envelope);
                message.release();
                return;
            }
            waiting.response().complete(message);
            return;
        }
        RunningProcess process = processes.get(envelope.target().process());
        if (process == null) {
            message.release();
            refuse(message, ErrorReply.NO_SUCH_PROCESS, "no process " + envelope.target().process() + " on this node");
        } else if (!process.offer(message)) {
            message.release();
            refuse(message, ErrorReply.BUSY, "process " + envelope.target().process() + " is busy; try again shortly");
        }
    }

    private void refuse(WireFrame.Message request, String kind, String reason) {
        LOG.debug("refusing a message from {}: {}", request.envelope().source(), reason);
        respond(local("kernel"), request, new ErrorReply(kind, reason).encode(), null);
    }

    @Override
    public void onMessage(Link link, WireFrame.Message message) {
        Envelope envelope = message.envelope();
        // The link proved who sent it; whatever node names the frame carries are not trusted.
        Envelope trusted = new Envelope(envelope.id(), envelope.kind(), envelope.source().withNode(link.remoteId().value()),
                local(envelope.target().process()), envelope.timeoutMillis());
        arrive(link.remoteId(), new WireFrame.Message(trusted, message.body(), message.blob()));
    }

    @Override
    public void onLinkClosed(Link link) {
        if (network.existingLink(link.remoteId()).isPresent()) {
            return;
        }
        notifyWatchers(link.remoteId());
        pending.values().stream()
                .filter(waiting -> waiting.node().equals(link.remoteId()))
                .forEach(waiting -> waiting.response().completeExceptionally(new RequestFailedException(
                        RequestFailedException.Reason.OFFLINE, "lost the link to " + link + " before " + waiting.target() + " answered")));
    }

    private Destination resolve(Address target) throws RequestFailedException {
        String node = target.node();
        if (node.equals(Address.OUR) || node.equals(our.value())) {
            return new Destination.Local();
        }
        Optional<Peer> peer = addressBook.find(node);
        if (peer.isPresent()) {
            if (peer.get().nodeId().equals(our)) {
                return new Destination.Local();
            }
            return new Destination.Remote(peer.get().nodeId(), peer.get().addresses(), peer.get().relays());
        }
        if (NodeId.looksLikeNodeId(node)) {
            NodeId id = new NodeId(node);
            if (network.existingLink(id).isPresent()) {
                return new Destination.Remote(id, List.of(), List.of());
            }
        }
        throw new RequestFailedException(RequestFailedException.Reason.UNKNOWN_NODE,
                "unknown peer '" + node + "': add it with `ft peer add TICKET`");
    }

    private static RequestFailedException offline(Address target, Throwable cause) {
        if (cause instanceof LinkException link && link.reason() == LinkException.Reason.WRONG_NODE) {
            return new RequestFailedException(RequestFailedException.Reason.WRONG_NODE, link.getMessage());
        }
        return new RequestFailedException(RequestFailedException.Reason.OFFLINE,
                target.node() + " is offline: " + cause.getMessage());
    }

    private Address normalized(Address source) {
        return source.isOur() ? local(source.process()) : source;
    }

    static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String seconds(int millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format("%.1f s", millis / 1000.0);
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    @Override
    public void close() {
        shuttingDown = true;
        List<RunningProcess> running = List.copyOf(processes.values());
        running.forEach(RunningProcess::stop);
        // Processes release files in onExit; a node started again on the same home must find them released.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (RunningProcess process : running) {
            try {
                process.awaitExit(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        pending.values().forEach(waiting -> waiting.response().completeExceptionally(
                new RequestFailedException(RequestFailedException.Reason.OFFLINE, "this node is shutting down")));
    }
}
