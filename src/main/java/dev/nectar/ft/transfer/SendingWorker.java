package dev.nectar.ft.transfer;

import dev.nectar.ft.identity.NodeId;
import dev.nectar.ft.process.Process;
import dev.nectar.ft.process.ProcessContext;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending side of every transfer, one file or a batch: announces what it sends (if the receiver does not
 * speak first), then sends the pieces the receiver asks for, with a bounded number handed to the link at once.
 * It keeps no state that matters after it exits: the receiver decides what is still needed. Its upload's status
 * goes to the registry; the owner may cancel it, and then the receiver does not ask again.
 */
final class SendingWorker implements Process {
    private static final Logger LOG = LoggerFactory.getLogger(SendingWorker.class);
    private static final Duration MANIFEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration IDLE = Duration.ofSeconds(120);

    private final Outgoing outgoing;
    private final Address receiver;
    private final Address owner;
    private final Upload upload;
    private final Runnable release;
    private final WritesInFlight writes = new WritesInFlight();
    private UploadProgress progress;

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
        WorkerMessage.Manifest manifest;
        try {
            manifest = outgoing.announce();
        } catch (IOException e) {
            stop(context, "cannot read " + outgoing.description() + ": " + TransferError.describe(e));
            return;
        }
        if (manifest == null) {
            return;
        }
        WireFrame.Message answer;
        try {
            answer = context.request(receiver, manifest.encode(), MANIFEST_TIMEOUT).get();
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
                    send(need, context);
                } catch (Outgoing.Stop e) {
                    stop(context, e.getMessage());
                } catch (ExecutionException | TimeoutException e) {
                    LOG.info("sending {} to {}: the link is gone: {}", outgoing.description(), receiver, e.getMessage());
                    end(context, TransferStatus.FAILED, "the link to the receiver is gone");
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
            default -> stop(context, "protocol error: a receiver sends Need, Done or Cancel");
        }
    }

    private void send(WorkerMessage.Need need, ProcessContext context) throws Outgoing.Stop, InterruptedException,
            ExecutionException, TimeoutException {
        outgoing.check();
        for (ChunkRange range : need.chunks()) {
            if (range.to() > outgoing.pieces()) {
                throw new Outgoing.Stop("protocol error: there is no piece " + (range.to() - 1));
            }
            for (int index = range.from(); index < range.to(); index++) {
                writes.awaitRoom();
                Outgoing.Piece piece = outgoing.read(index);
                long bytes = piece.blob() == null ? 0 : piece.blob().readableBytes();
                writes.add(context.send(receiver, piece.message().encode(), piece.blob()));
                progress.sent(bytes);
            }
        }
    }

    @Override
    public Duration idleTimeout() {
        return IDLE;
    }

    @Override
    public void onIdle(ProcessContext context) {
        LOG.info("sending {} to {}: the receiver went quiet; stopping", outgoing.description(), receiver);
        end(context, TransferStatus.FAILED, "the receiver went quiet");
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
        progress.ended(state, error);
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
