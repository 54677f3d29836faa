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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving worker of every download, one file or a batch of small ones: it asks the origin's main process
 * for a sending worker, routes the sender's messages to its {@link ReceivePlan}, carries out the owner's pause
 * and cancel, and reports. When the link is lost or goes silent it keeps what arrived and reconnects with
 * backoff until the retry deadline; the plan then asks only for what is still missing.
 *
 * <p>Once the plan has a file hash to seek, the session asks the peers of the address book, now and then, whether
 * they hold that file ({@code SeekChunks}); a peer that does offers its chunks through a sending worker of its own,
 * and the plan takes it as a source. Without the origin, the download goes on as long as the other sources can
 * finish it.
 *
 * <p>A node that stops interrupts its workers: whatever that breaks is not a failure. The journals and partial
 * files stay as a crash would leave them, and the next start resumes them.
 */
final class ReceivingSession implements Process, Conversation {
    private static final Logger LOG = LoggerFactory.getLogger(ReceivingSession.class);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(15);
    /** The sender hashes the file before it announces the manifest: minutes, the first time, for a huge file. */
    private static final Duration FIRST_WORD_TIMEOUT = Duration.ofMinutes(10);
    /** How often a running download checks its sources and asks peers again. */
    private static final Duration TICK = Duration.ofSeconds(1);
    /** A peer that offered nothing is asked again after this, doubled each time up to {@link #PROBE_MAX_MILLIS}. */
    private static final long PROBE_FIRST_MILLIS = 1_000;
    private static final long PROBE_MAX_MILLIS = 4_000;
    /** Peers of the address book asked for a file: the first ones in its order. */
    private static final int MAX_PEERS_ASKED = 32;

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
    /**
     * Per peer node asked for the current file hash: when to ask again, and the wait after that. Only these nodes
     * may offer chunks.
     */
    private final Map<String, long[]> probes = new HashMap<>();
    private String probedHash;
    /** Zero: the first tick, which asks the peers, comes as soon as the plan has a file to seek. */
    private long lastTickNanos;
    private long lastProgressNanos = System.nanoTime();

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
        lastProgressNanos = System.nanoTime();
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
                Optional<String> node = KernelNotice.in(message.body()).map(KernelNotice::node);
                if (node.isPresent() && sender != null && node.get().equals(sender.node())) {
                    originGone(new TransferError(TransferError.Kind.OFFLINE, "lost the link to " + peer));
                } else {
                    node.ifPresent(plan::sourcesLost);
                }
            } else if (sender != null && source.equals(sender)) {
                onSender(message, WorkerMessage.decode(message.body()));
            } else if (probes.containsKey(source.node())) {
                onSource(message, WorkerMessage.decode(message.body()));
            } else {
                LOG.debug("receiving from {}: ignoring a message from {}", peer, source);
            }
            if (!over) {
                tickIfDue();
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
            case WorkerMessage.Cancel cancel -> originGone(new TransferError(TransferError.Kind.OFFLINE, peer + " stopped sending: " + cancel.reason()));
            default -> {
                plan.onMessage(message, decoded);
                if (plan.finished()) {
                    finish(new WorkerMessage.Done());
                }
            }
        }
    }

    /** A peer asked for the file offers chunks, or a source speaks. */
    private void onSource(WireFrame.Message message, WorkerMessage decoded) throws TransferError {
        Address source = message.envelope().source();
        // Only an offer makes a new source, to be watched: chunks, the most of these messages, need no look at the sources.
        boolean offer = decoded instanceof WorkerMessage.Holding && !plan.sources().contains(source);
        plan.fromSource(message, decoded, context.nameOf(source.node()));
        if (offer && plan.sources().contains(source)) {
            context.watch(new NodeId(source.node()));
        }
        if (plan.finished()) {
            finish(new WorkerMessage.Done());
        }
    }

    /**
     * The origin's worker is gone (its link, or it stopped): the other sources finish the file if they can;
     * otherwise keep what arrived and try the origin again.
     */
    private void originGone(TransferError trouble) throws TransferError {
        if (plan.goesOnWithoutOrigin()) {
            LOG.info("receiving from {}: {}; the other sources go on", peer, trouble.getMessage());
            plan.sourcesLost(sender.node());
            sender = null;
            return;
        }
        linkLost(trouble);
    }

    /** About once a second while chunks move: stalled sources give way, peers are asked again, a stuck plan tries anew. */
    private void tickIfDue() throws TransferError {
        long now = System.nanoTime();
        if (lastTickNanos != 0 && now - lastTickNanos < TICK.toNanos() || plan.seeking() == null) {
            return;
        }
        lastTickNanos = now;
        plan.tick();
        askPeers(plan.seeking(), now);
        if (now - lastProgressNanos > stallTimeout.toNanos()) {
            stalled();
        } else if (plan.stuck()) {
            linkLost(new TransferError(TransferError.Kind.OFFLINE, "no source has the rest of the file"));
        }
    }

    /** Asks the peers whose turn it is whether they hold {@code fileHash}; those who do offer their chunks. */
    private void askPeers(String fileHash, long now) {
        if (!fileHash.equals(probedHash)) {
            probes.clear();
            probedHash = fileHash;
        }
        // A peer that asked us for the file downloads it too: ask it now rather than at its next turn.
        for (String seeker : plan.seekers()) {
            long[] probe = probes.get(seeker);
            if (probe != null) {
                probe[0] = now;
                probe[1] = PROBE_FIRST_MILLIS;
            }
        }
        List<String> serving = plan.notToAsk();
        for (NodeId node : context.peers().stream().limit(MAX_PEERS_ASKED).toList()) {
            String id = node.value();
            if (id.equals(peerNodeId) || id.equals(context.address().node()) || serving.contains(id)) {
                continue;
            }
            long[] probe = probes.computeIfAbsent(id, ignored -> new long[] {now, PROBE_FIRST_MILLIS});
            if (now - probe[0] >= 0) {
                context.send(new Address(id, Address.MAIN_PROCESS), new TransferRequest.SeekChunks(fileHash, context.address()).encode(), null);
                probe[0] = now + probe[1] * 1_000_000;
                probe[1] = Math.min(PROBE_MAX_MILLIS, probe[1] * 2);
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
        if (plan.seeking() != null) {
            return TICK;
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
            try {
                if (plan.seeking() != null) {
                    tickIfDue();
                } else {
                    stalled();
                }
            } catch (TransferError e) {
                fail(e);
            }
        }
        flush();
    }

    /** Nothing arrived for the stall timeout: keep what came, and try again. */
    private void stalled() throws TransferError {
        Duration silence = plan.seeking() != null ? stallTimeout : idleTimeout();
        if (sender != null) {
            // Silence on an open link: it is stalled somewhere; drop it so that the next attempt dials afresh.
            context.dropLink(new NodeId(sender.node()));
        }
        linkLost(new TransferError(TransferError.Kind.STALLED, peer + " sent nothing for " + silence.toSeconds() + " s"));
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
    public void toSource(Address source, WorkerMessage message) {
        context.send(source, message.encode(), null);
    }

    @Override
    public void respond(WireFrame.Message request, WorkerMessage answer) {
        context.respond(request, answer.encode());
    }

    @Override
    public void progressed() {
        retries.succeeded();
        lastProgressNanos = System.nanoTime();
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
