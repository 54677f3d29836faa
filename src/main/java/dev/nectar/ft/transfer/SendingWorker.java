package dev.nectar.ft.transfer;

import dev.nectar.ft.identity.NodeId;
import dev.nectar.ft.process.Process;
import dev.nectar.ft.process.ProcessContext;
import dev.nectar.ft.vfs.FileProblem;
import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.ChunkRange;
import dev.nectar.ft.wire.KernelNotice;
import dev.nectar.ft.wire.MalformedMessageException;
import dev.nectar.ft.wire.TransferRequest;
import dev.nectar.ft.wire.TransferStatus;
import dev.nectar.ft.wire.WireFrame;
import dev.nectar.ft.wire.WorkerMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending side of every transfer, one file, a batch, or a swarm's chunks: announces what it sends (if the
 * receiver does not speak first) and the pieces the announcement says come right behind it, then sends the pieces
 * the receiver asks for, one at a time between messages (so that a {@code Drop} or a cancel is heard at once), with
 * a bounded number handed to the link. It keeps no state that matters after it exits: the receiver decides what is
 * still needed. Its upload's status goes to the registry; the owner may cancel it, and then the receiver does not
 * ask again.
 */
final class SendingWorker implements Process {
    private static final Logger LOG = LoggerFactory.getLogger(SendingWorker.class);
    private static final Duration MANIFEST_TIMEOUT = Duration.ofSeconds(30);
    private static final long QUIET_NANOS = Duration.ofSeconds(120).toNanos();
    /** How often a source whose holding grows (a download in progress) offers it again. */
    private static final Duration UPDATE_EVERY = Duration.ofMillis(100);
    /** Ranges asked for and not sent yet: a receiver asks for a window of chunks, far fewer. */
    private static final int MAX_PENDING_RANGES = 4096;

    private final Outgoing outgoing;
    private final Address receiver;
    private final Address owner;
    private final Upload upload;
    private final Runnable release;
    private final WritesInFlight writes = new WritesInFlight();
    private final ArrayDeque<ChunkRange> pending = new ArrayDeque<>();
    private UploadProgress progress;
    private long lastHeardNanos = System.nanoTime();
    private long lastUpdateNanos = System.nanoTime();
    private boolean over;

    /** Where the upload's status goes, and what the owner calls the receiving node. */
    record Upload(TransferRegistry registry, String peer) {}

    /**
     * @param owner   the main process, whose {@code CancelTransfer} stops this upload
     * @param release frees this transfer's slot when the worker ends
     */
    SendingWorker(Outgoing outgoing, Address receiver, Address owner, Upload upload, Runnable release) {
        this.outgoing = outgoing;
        this.receiver = receiver;
        this.owner = owner;
        this.upload = upload;
        this.release = release;
    }

    @Override
    public void onStart(ProcessContext context) throws Exception {
        progress = new UploadProgress(upload.registry(), context.address().process(), upload.peer(), outgoing.description(),
                outgoing.path(), outgoing.size());
        // A receiver that is gone (killed, cut off) comes back with a new request: this worker would only hold a slot.
        if (!receiver.node().equals(context.address().node())) {
            context.watch(new NodeId(receiver.node()));
        }
        WorkerMessage manifest;
        try {
            manifest = outgoing.announce();
        } catch (IOException e) {
            stop(context, "cannot read " + outgoing.description() + ": " + FileProblem.describe(e));
            return;
        }
        if (manifest == null) {
            return;
        }
        CompletableFuture<WireFrame.Message> reply = context.request(receiver, manifest.encode(), MANIFEST_TIMEOUT);
        if (manifest instanceof WorkerMessage.Manifest announced) {
            // Until the receiver answers; then what is left goes one chunk per turn, so that a cancel is heard between.
            pending.addAll(announced.ahead());
            while (!pending.isEmpty() && !reply.isDone()) {
                sendNext(context);
            }
            if (over) {
                return;
            }
        }
        WireFrame.Message answer;
        try {
            answer = reply.get();
        } catch (ExecutionException e) {
            LOG.info("sending {} to {}: the receiver did not take the manifest: {}", outgoing.description(), receiver, e.getCause().getMessage());
            end(context, TransferStatus.FAILED, "the receiver did not take the manifest: " + e.getCause().getMessage());
            return;
        }
        handle(answer, context);
    }

    @Override
    public void handle(WireFrame.Message message, ProcessContext context) throws Exception {
        if (message.envelope().source().equals(owner)) {
            onOwner(message, context);
            return;
        }
        if (context.isKernelNotice(message.envelope().source())) {
            if (KernelNotice.in(message.body()).filter(notice -> notice.node().equals(receiver.node())).isPresent()) {
                LOG.info("sending {} to {}: lost the link to the receiver", outgoing.description(), receiver);
                end(context, TransferStatus.FAILED, "lost the link to the receiver");
            }
            return;
        }
        if (!message.envelope().source().equals(receiver)) {
            LOG.debug("sending {}: ignoring a message from {}", outgoing.description(), message.envelope().source());
            return;
        }
        lastHeardNanos = System.nanoTime();
        WorkerMessage decoded;
        try {
            decoded = WorkerMessage.decode(message.body());
        } catch (MalformedMessageException e) {
            stop(context, "protocol error: " + e.getMessage());
            return;
        }
        switch (decoded) {
            case WorkerMessage.Need need -> {
                try {
                    outgoing.check();
                    for (ChunkRange range : need.chunks()) {
                        if (range.to() > outgoing.pieces()) {
                            throw new Outgoing.Stop("protocol error: there is no piece " + (range.to() - 1));
                        }
                        if (pending.size() >= MAX_PENDING_RANGES) {
                            throw new Outgoing.Stop("protocol error: more than " + MAX_PENDING_RANGES + " ranges asked for at once");
                        }
                        pending.addLast(range);
                    }
                    sendNext(context);
                } catch (Outgoing.Stop e) {
                    stop(context, e.getMessage());
                }
            }
            case WorkerMessage.Drop drop -> {
                drop.chunks().forEach(this::forget);
                if (pending.size() > MAX_PENDING_RANGES) {
                    stop(context, "protocol error: more than " + MAX_PENDING_RANGES + " ranges left after a Drop");
                }
            }
            case WorkerMessage.Done done -> {
                LOG.info("sent {} to {}", outgoing.description(), receiver);
                end(context, TransferStatus.DONE, null);
            }
            case WorkerMessage.Cancel cancel -> {
                LOG.info("sending {} to {}: cancelled by the receiver: {}", outgoing.description(), receiver, cancel.reason());
                end(context, TransferStatus.CANCELLED, "the receiver stopped: " + cancel.reason());
            }
            default -> stop(context, "protocol error: a receiver sends Need, Drop, Done or Cancel");
        }
    }

    /** Takes {@code dropped} out of what is still to send. */
    private void forget(ChunkRange dropped) {
        List<ChunkRange> kept = new ArrayList<>(pending.size() + 1);
        for (ChunkRange range : pending) {
            if (range.to() <= dropped.from() || range.from() >= dropped.to()) {
                kept.add(range);
            } else {
                if (range.from() < dropped.from()) {
                    kept.add(new ChunkRange(range.from(), dropped.from()));
                }
                if (range.to() > dropped.to()) {
                    kept.add(new ChunkRange(dropped.to(), range.to()));
                }
            }
        }
        pending.clear();
        pending.addAll(kept);
    }

    /** Hands the next piece asked for to the link, once it has room: one per turn, so that messages come between. */
    private void sendNext(ProcessContext context) {
        ChunkRange range = pending.pollFirst();
        if (range == null) {
            return;
        }
        if (range.count() > 1) {
            pending.addFirst(new ChunkRange(range.from() + 1, range.to()));
        }
        try {
            writes.awaitRoom();
            Outgoing.Piece piece = outgoing.read(range.from());
            long bytes = piece.blob() == null ? 0 : piece.blob().readableBytes();
            writes.add(context.send(receiver, piece.message().encode(), piece.blob()), bytes);
            progress.sent(bytes);
        } catch (Outgoing.Stop e) {
            stop(context, e.getMessage());
        } catch (ExecutionException | TimeoutException e) {
            LOG.info("sending {} to {}: the link is gone: {}", outgoing.description(), receiver, e.getMessage());
            end(context, TransferStatus.FAILED, "the link to the receiver is gone");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A source whose holding grew offers it again, at most every {@link #UPDATE_EVERY}. */
    private void offerUpdate(ProcessContext context) {
        if (System.nanoTime() - lastUpdateNanos < UPDATE_EVERY.toNanos()) {
            return;
        }
        lastUpdateNanos = System.nanoTime();
        WorkerMessage.Holding update = outgoing.update();
        if (update != null) {
            context.send(receiver, update.encode(), null);
        }
    }

    @Override
    public Duration idleTimeout() {
        return pending.isEmpty() ? UPDATE_EVERY : Duration.ZERO;
    }

    @Override
    public void onIdle(ProcessContext context) {
        if (!pending.isEmpty()) {
            sendNext(context);
        } else if (System.nanoTime() - lastHeardNanos > QUIET_NANOS) {
            LOG.info("sending {} to {}: the receiver went quiet; stopping", outgoing.description(), receiver);
            end(context, TransferStatus.FAILED, "the receiver went quiet");
            return;
        }
        offerUpdate(context);
    }

    private void onOwner(WireFrame.Message message, ProcessContext context) {
        try {
            if (TransferRequest.decode(message.body()) instanceof TransferRequest.CancelTransfer) {
                LOG.info("sending {} to {}: cancelled by the owner", outgoing.description(), receiver);
                context.send(receiver, new WorkerMessage.Cancel("cancelled by the sending node's owner", true).encode(), null);
                end(context, TransferStatus.CANCELLED, "cancelled by the owner");
            }
        } catch (MalformedMessageException e) {
            LOG.warn("sending {}: the main process sent something else: {}", outgoing.description(), e.getMessage());
        }
    }

    private void stop(ProcessContext context, String reason) {
        LOG.info("sending {} to {} stops: {}", outgoing.description(), receiver, reason);
        context.send(receiver, new WorkerMessage.Cancel(reason).encode(), null);
        end(context, TransferStatus.FAILED, reason);
    }

    private void end(ProcessContext context, String state, String error) {
        over = true;
        progress.ended(state, error);
        pending.clear();
        context.exit();
    }

    @Override
    public void onExit() {
        if (progress != null) {
            progress.ended(TransferStatus.FAILED, "stopped before it finished (the node stopping, or an error in its log)");
        }
        release.run();
        outgoing.close();
    }
}
