package dev.nectar.ft.transfer;

import dev.nectar.ft.identity.NodeId;
import dev.nectar.ft.process.Process;
import dev.nectar.ft.process.ProcessContext;
import dev.nectar.ft.process.RequestFailedException;
import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.ErrorReply;
import dev.nectar.ft.wire.KernelNotice;
import dev.nectar.ft.wire.MalformedMessageException;
import dev.nectar.ft.wire.TransferRequest;
import dev.nectar.ft.wire.TransferResponse;
import dev.nectar.ft.wire.TransferStatus;
import dev.nectar.ft.wire.WireFrame;
import dev.nectar.ft.wire.WorkerMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving worker of every download, one file or a batch of small ones: it asks the origin's main process
 * for a sending worker, routes the sender's messages to its {@link ReceivePlan}, carries out the owner's pause
 * and cancel, and reports. When the link is lost or goes silent it keeps what arrived and reconnects with
 * backoff until the retry deadline; the plan then asks only for what is still missing.
 *
 * <p>A node that stops interrupts its workers: whatever that breaks is not a failure. The journals and partial
 * files stay as a crash would leave them, and the next start resumes them.
 */
final class ReceivingSession implements Process, Conversation {
    private static final Logger LOG = LoggerFactory.getLogger(ReceivingSession.class);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(15);
    /** The sender hashes the file before it announces the manifest: minutes, the first time, for a huge file. */
    private static final Duration FIRST_WORD_TIMEOUT = Duration.ofMinutes(10);

    private final ReceivePlan plan;
    private final String peer;
    private final String peerNodeId;
    private final JournalStore journals;
    private final ReceiveWindow window;
    private final Address owner;
    private final Duration stallTimeout;
    private final RetryPolicy retries;
    private final List<TransferStatus> reports = new ArrayList<>();
    private final List<String> forgotten = new ArrayList<>();

    private ProcessContext context;
    private boolean inWindow;
    private boolean over;
    private int attempts;
    private Address sender;

    /** @param owner this node's main process, which gets the reports and may pause or cancel */
    ReceivingSession(ReceivePlan plan, String peer, String peerNodeId, JournalStore journals, ReceiveWindow window, Address owner,
                     Duration stallTimeout, Duration retryDeadline) {
        this.plan = plan;
        this.peer = peer;
        this.peerNodeId = peerNodeId;
        this.journals = journals;
        this.window = window;
        this.owner = owner;
        this.stallTimeout = stallTimeout;
        this.retries = new RetryPolicy(retryDeadline);
    }

    @Override
    public void onStart(ProcessContext context) {
        this.context = context;
        window.join();
        inWindow = true;
        plan.bind(this);
        attempts = plan.previousAttempts();
        connect();
        flush();
    }

    /** One attempt: ask the origin for a sender of what is still missing. */
    private void connect() {
        retries.attempting();
        TransferRequest request = plan.request(context.address());
        if (request == null) {
            finish(new WorkerMessage.Done());
            return;
        }
        attempts++;
        plan.attempting(attempts);
        try {
            sender = askForSender(request);
            context.watch(new NodeId(sender.node()));
            plan.connected();
        } catch (TransferError e) {
            troubled(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Address askForSender(TransferRequest request) throws TransferError, InterruptedException {
        WireFrame.Message answer;
        try {
            answer = context.request(new Address(peerNodeId, Address.MAIN_PROCESS), request.encode(), HANDSHAKE_TIMEOUT).get();
        } catch (ExecutionException e) {
            String reason = e.getCause() instanceof RequestFailedException failed ? failed.getMessage() : String.valueOf(e.getCause());
            throw new TransferError(TransferError.Kind.OFFLINE, reason.replace(peerNodeId, peer));
        }
        TransferResponse response;
        try {
            response = TransferResponse.decode(answer.body());
        } catch (MalformedMessageException e) {
            throw new TransferError(TransferError.Kind.PROTOCOL, peer + " answered the download with: " + e.getMessage());
        }
        return switch (response) {
            // Only the process part is the peer's to choose: its worker lives on the node that answered.
            case TransferResponse.Download download -> new Address(answer.envelope().source().node(), download.worker().process());
            case ErrorReply error when error.kind().equals(ErrorReply.BUSY) ->
                    throw new TransferError(TransferError.Kind.OFFLINE, peer + " is busy: " + error.message());
            case ErrorReply error when error.kind().equals(ErrorReply.NOT_FOUND) ->
                    throw TransferError.missing(peer, error.message(), attempts > 1);
            case ErrorReply error -> throw new TransferError(TransferError.Kind.REFUSED, peer + " refused: " + error.message());
            default -> throw new TransferError(TransferError.Kind.PROTOCOL, peer + " answered the download with something else");
        };
    }

    @Override
    public void handle(WireFrame.Message message, ProcessContext context) {
        Address source = message.envelope().source();
        try {
            if (source.equals(owner)) {
                onOwner(TransferRequest.decode(message.body()));
            } else if (context.isKernelNotice(source)) {
                if (sender != null && KernelNotice.in(message.body()).filter(notice -> notice.node().equals(sender.node())).isPresent()) {
                    linkLost(new TransferError(TransferError.Kind.OFFLINE, "lost the link to " + peer));
                }
            } else if (sender == null || !source.equals(sender)) {
                LOG.debug("receiving from {}: ignoring a message from {}", peer, source);
            } else {
                onSender(message, WorkerMessage.decode(message.body()));
            }
        } catch (MalformedMessageException e) {
            fail(new TransferError(TransferError.Kind.PROTOCOL, "protocol error from " + source + ": " + e.getMessage()));
        } catch (TransferError e) {
            fail(e);
        }
        flush();
    }

    private void onSender(WireFrame.Message message, WorkerMessage decoded) throws TransferError {
        switch (decoded) {
            case WorkerMessage.Cancel cancel when cancel.reason().startsWith("source changed") -> {
                plan.sourceChanged(cancel.reason());
                sender = null;
                connect();
            }
            case WorkerMessage.Cancel cancel when cancel.byOwner() ->
                    throw new TransferError(TransferError.Kind.REFUSED, peer + " stopped sending: " + cancel.reason());
            case WorkerMessage.Cancel cancel -> linkLost(new TransferError(TransferError.Kind.OFFLINE, peer + " stopped sending: " + cancel.reason()));
            default -> {
                plan.onMessage(message, decoded);
                if (plan.finished()) {
                    finish(new WorkerMessage.Done());
                }
            }
        }
    }

    private void onOwner(TransferRequest command) throws TransferError {
        if (command instanceof TransferRequest.PauseTransfer pause && plan.pause(pause.id()) && plan.finished()) {
            finish(new WorkerMessage.Cancel("paused by the receiver"));
        } else if (command instanceof TransferRequest.CancelTransfer cancel && plan.cancel(cancel.id()) && plan.finished()) {
            finish(new WorkerMessage.Cancel("cancelled by the owner"));
        }
    }

    /** A lost or useless link: keep what arrived, and try again after a backoff. */
    private void linkLost(TransferError trouble) throws TransferError {
        LOG.info("receiving from {}: {}; will reconnect", peer, trouble.getMessage());
        if (sender != null) {
            context.send(sender, new WorkerMessage.Cancel("reconnecting: " + trouble.getMessage()).encode(), null);
            sender = null;
        }
        plan.keep();
        troubled(trouble);
    }

    /** The one retry rule, for every kind of download. */
    private void troubled(TransferError trouble) {
        if (!trouble.kind().retryable()) {
            fail(trouble);
        } else if (!retries.schedule(trouble)) {
            fail(retries.givenUp(attempts));
        } else {
            plan.reconnecting();
        }
    }

    @Override
    public Duration idleTimeout() {
        if (retries.waiting()) {
            return retries.untilDue();
        }
        return sender != null && plan.awaitingFirstWord() ? FIRST_WORD_TIMEOUT : stallTimeout;
    }

    @Override
    public void onIdle(ProcessContext context) {
        if (retries.waiting()) {
            if (retries.due()) {
                connect();
            }
        } else {
            if (sender != null) {
                // Silence on an open link: it is stalled somewhere; drop it so that the next attempt dials afresh.
                context.dropLink(new NodeId(sender.node()));
            }
            try {
                linkLost(new TransferError(TransferError.Kind.STALLED, peer + " sent nothing for " + idleTimeout().toSeconds() + " s"));
            } catch (TransferError e) {
                fail(e);
            }
        }
        flush();
    }

    /** Every transfer still open fails, reported once; unless the node is stopping, which is no failure. */
    private void fail(TransferError error) {
        if (over) {
            return;
        }
        if (context.nodeStopping()) {
            LOG.info("receiving from {}: stopped with the node; resumes at the next start", peer);
            end();
            return;
        }
        // Each transfer's failure is logged once, with its own name, as it is reported.
        plan.failAll(error);
        finish(new WorkerMessage.Cancel(error.getMessage()));
    }

    private void finish(WorkerMessage farewell) {
        if (sender != null) {
            context.send(sender, farewell.encode(), null);
            sender = null;
        }
        if (attempts > 1 && retries.lastTrouble() != null) {
            LOG.info("receiving from {} ended after {} attempts; last trouble: {}", peer, attempts, retries.lastTrouble());
        }
        end();
    }

    private void end() {
        over = true;
        plan.close();
        context.exit();
    }

    /**
     * Forgets the journals of the transfers that ended, logs those that failed or were cancelled, then reports what
     * changed, in one message. While the node stops, only files that landed count as ended: whatever else the
     * interruption broke is neither reported nor logged, and resumes at the next start.
     */
    private void flush() {
        if (context.nodeStopping()) {
            List<String> landed = reports.stream().filter(status -> status.state().equals(TransferStatus.DONE)).map(TransferStatus::id).toList();
            forgotten.retainAll(landed);
            reports.removeIf(status -> !status.state().equals(TransferStatus.DONE));
        }
        for (TransferStatus status : reports) {
            if (status.state().equals(TransferStatus.FAILED) || status.state().equals(TransferStatus.CANCELLED)) {
                LOG.info("receiving {} from {} {}: {}", status.name(), peer, status.state(), status.error());
            }
        }
        journals.deleteAll(forgotten);
        forgotten.clear();
        if (reports.size() == 1) {
            TransferStatus status = reports.getFirst();
            context.send(owner, new TransferRequest.Progress(status.name(), status.percent(), status).encode(), null);
        } else if (!reports.isEmpty()) {
            context.send(owner, new TransferRequest.Settled(reports).encode(), null);
        }
        reports.clear();
    }

    @Override
    public String peer() {
        return peer;
    }

    @Override
    public int attempts() {
        return attempts;
    }

    @Override
    public String lastTrouble() {
        return retries.lastTrouble();
    }

    @Override
    public void toSender(WorkerMessage message) {
        context.send(sender, message.encode(), null);
    }

    @Override
    public void respond(WireFrame.Message request, WorkerMessage answer) {
        context.respond(request, answer.encode());
    }

    @Override
    public void progressed() {
        retries.succeeded();
    }

    @Override
    public void report(TransferStatus status) {
        reports.add(status);
    }

    @Override
    public void forget(String transferId) {
        forgotten.add(transferId);
    }

    /** Ended by anything but itself (a crash, or the node stopping): only a crash fails what is open. */
    @Override
    public void onExit() {
        if (inWindow) {
            window.leave();
            inWindow = false;
        }
        if (!over && context != null) {
            fail(new TransferError(TransferError.Kind.CANCELLED, "the receiving worker stopped before the end"));
            flush();
        }
    }
}
