package dev.nectar.ft.transfer;

import dev.nectar.ft.home.Fsync;
import dev.nectar.ft.identity.NodeId;
import dev.nectar.ft.process.Process;
import dev.nectar.ft.process.ProcessContext;
import dev.nectar.ft.process.RequestFailedException;
import dev.nectar.ft.vfs.Drive;
import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.ChunkRange;
import dev.nectar.ft.wire.ErrorReply;
import dev.nectar.ft.wire.FileManifest;
import dev.nectar.ft.wire.KernelNotice;
import dev.nectar.ft.wire.MalformedMessageException;
import dev.nectar.ft.wire.TransferRequest;
import dev.nectar.ft.wire.TransferResponse;
import dev.nectar.ft.wire.TransferStatus;
import dev.nectar.ft.wire.WireFrame;
import dev.nectar.ft.wire.WorkerMessage;
import java.io.IOException;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of one transfer. It asks the remote main process for a sending worker, takes its manifest,
 * asks for the chunks still missing with a bounded window, verifies each before writing it at its offset into a
 * hidden partial file, and renames the file into place once every chunk and the file hash check out.
 *
 * <p>It survives what happens on the way: its journal is written after the data it describes is fsynced; a
 * lost or stalled link, or a sender restart, makes it reconnect with backoff until a deadline and ask only for
 * what is missing; a node restart resumes it from the journal. If the source changed, it starts over and says so.
 */
final class ReceivingWorker implements Process {
    private static final Logger LOG = LoggerFactory.getLogger(ReceivingWorker.class);
    /** How often one chunk may fail verification before the transfer fails. */
    static final int MAX_ATTEMPTS = 3;
    /**
     * Verified chunks between journal checkpoints (fsync the data, then the journal). Every resume re-hashes the
     * partial file, so chunks written after the last checkpoint are still reused when they survived (a killed
     * process loses nothing the kernel had); checkpoints only bound what a power cut can cost.
     */
    private static final int CHECKPOINT_CHUNKS = 64;
    private static final long CHECKPOINT_NANOS = 2_000_000_000L;
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(15);
    /** The sender hashes the file before it announces the manifest: minutes, the first time, for a huge file. */
    private static final Duration MANIFEST_TIMEOUT = Duration.ofMinutes(10);

    private final JournalStore journals;
    private final ReceiveWindow window;
    private final Address main;
    private final Duration stallTimeout;
    private final RetryPolicy retries;
    private final Path target;
    private final Path partial;
    private Journal journal;

    private ProcessContext context;
    private boolean ended;
    private String note;

    // One attempt: reset whenever the link is lost.
    private Address sender;
    private FileManifest manifest;
    private FileChannel channel;
    private BitSet verified;
    private String[] received;
    private int[] mismatches;
    private int nextToAsk;
    /** Chunks asked for and not yet here, held within {@link ReceiveWindow#perDownload()}. */
    private int inFlight;
    private boolean inWindow;
    private int sinceCheckpoint;
    private long lastCheckpointNanos;
    private CompletableFuture<Void> checkpointing;
    private long bytes;
    private long wireBytes;
    private long reusedBytes;
    private ProgressMeter meter;

    /** @param main this node's main process, which gets the progress reports and may send Pause or Cancel */
    ReceivingWorker(Journal journal, JournalStore journals, ReceiveWindow window, Address main, Duration stallTimeout,
                    Duration retryDeadline) {
        this.journal = journal;
        this.window = window;
        this.journals = journals;
        this.main = main;
        this.stallTimeout = stallTimeout;
        this.retries = new RetryPolicy(retryDeadline);
        this.target = Path.of(journal.target());
        this.partial = Drive.partialPathOf(target);
        this.wireBytes = journal.wireBytes();
        this.reusedBytes = journal.reusedBytes();
    }

    @Override
    public void onStart(ProcessContext context) {
        this.context = context;
        window.join();
        inWindow = true;
        connect();
    }

    /** One attempt: ask the remote main process for a sender; the manifest follows from it. */
    private void connect() {
        retries.attempting();
        journal = journal.withAttempts(journal.attempts() + 1);
        report(journal.attempts() == 1 ? TransferStatus.STARTING : TransferStatus.RESUMING, null);
        try {
            sender = askForSender();
            NodeId senderNode = new NodeId(sender.node());
            context.kernel().watch(context.address(), senderNode);
        } catch (TransferError e) {
            if (retryable(e)) {
                retryLater(e.getMessage());
            } else {
                fail(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Address askForSender() throws TransferError, InterruptedException {
        Address remoteMain = new Address(journal.peerNodeId(), Address.MAIN_PROCESS);
        WireFrame.Message answer;
        try {
            answer = context.request(remoteMain, new TransferRequest.Download(journal.name(), context.address()).encode(),
                    HANDSHAKE_TIMEOUT).get();
        } catch (ExecutionException e) {
            String reason = e.getCause() instanceof RequestFailedException failed ? failed.getMessage() : String.valueOf(e.getCause());
            throw new TransferError(TransferError.Kind.OFFLINE, reason.replace(journal.peerNodeId(), journal.peer()));
        }
        TransferResponse response;
        try {
            response = TransferResponse.decode(answer.body());
        } catch (MalformedMessageException e) {
            throw new TransferError(TransferError.Kind.PROTOCOL, peer() + " answered the download with: " + e.getMessage());
        }
        return switch (response) {
            case TransferResponse.Download download ->
                    // Only the process part is the peer's to choose: its worker lives on the node that answered.
                    new Address(answer.envelope().source().node(), download.worker().process());
            case ErrorReply error when error.kind().equals(ErrorReply.BUSY) ->
                    throw new TransferError(TransferError.Kind.OFFLINE, peer() + " is busy: " + error.message());
            case ErrorReply error -> throw new TransferError(error.kind().equals(ErrorReply.NOT_FOUND)
                    ? TransferError.Kind.NOT_FOUND : TransferError.Kind.REFUSED,
                    (journal.attempts() > 1 && error.kind().equals(ErrorReply.NOT_FOUND) ? "the source disappeared: " : "")
                            + peer() + " refused: " + error.message());
            case TransferResponse.ListFiles ignored ->
                    throw new TransferError(TransferError.Kind.PROTOCOL, peer() + " answered the download with a file list");
            case TransferResponse.ListingUnchanged ignored ->
                    throw new TransferError(TransferError.Kind.PROTOCOL, peer() + " answered the download with a listing version");
            case TransferResponse.Downloads ignored ->
                    throw new TransferError(TransferError.Kind.PROTOCOL, peer() + " answered the download with a list of downloads");
        };
    }

    @Override
    public void handle(WireFrame.Message message, ProcessContext context) {
        Address source = message.envelope().source();
        try {
            if (source.equals(main)) {
                onOwner(WorkerMessage.decode(message.body()));
                return;
            }
            if (source.equals(context.kernel().local(KernelNotice.PROCESS))) {
                KernelNotice.in(message.body())
                        .filter(notice -> sender != null && notice.node().equals(sender.node()))
                        .ifPresent(notice -> linkLost("lost the link to " + peer()));
                return;
            }
            if (sender == null || !source.equals(sender)) {
                LOG.debug("receiving {}: ignoring a message from {}", journal.name(), source);
                return;
            }
            switch (WorkerMessage.decode(message.body())) {
                case WorkerMessage.Manifest announced -> onManifest(message, announced.manifest());
                case WorkerMessage.Chunk chunk -> onChunk(chunk, message.blob());
                case WorkerMessage.Cancel cancel when cancel.reason().startsWith("source changed") -> {
                    note = "source changed: " + peer() + " modified " + journal.name() + " during the transfer";
                    startAgain();
                }
                case WorkerMessage.Cancel cancel -> linkLost(peer() + " stopped sending: " + cancel.reason());
                default -> throw new TransferError(TransferError.Kind.PROTOCOL, "unexpected " + message.body().length + "-byte message from the sender");
            }
        } catch (MalformedMessageException e) {
            fail(new TransferError(TransferError.Kind.PROTOCOL, "protocol error from " + source + ": " + e.getMessage()));
        } catch (TransferError e) {
            fail(e);
        }
    }

    private void onOwner(WorkerMessage command) {
        switch (command) {
            case WorkerMessage.Pause pause -> pause();
            case WorkerMessage.Cancel cancel -> end(TransferStatus.CANCELLED, cancel.reason(), true);
            default -> LOG.debug("receiving {}: ignoring {} from the main process", journal.name(), command);
        }
    }

    private void onManifest(WireFrame.Message message, FileManifest announced) throws TransferError {
        if (manifest != null) {
            throw new TransferError(TransferError.Kind.PROTOCOL, peer() + " sent a second manifest");
        }
        if (!announced.name().equals(journal.name())) {
            throw new TransferError(TransferError.Kind.PROTOCOL, peer() + " announced " + announced.name() + " instead of " + journal.name());
        }
        FileManifest known = journal.manifest();
        boolean resuming = known != null && known.fileHash().equals(announced.fileHash()) && known.size() == announced.size()
                && known.chunkSize() == announced.chunkSize();
        if (known != null && !resuming) {
            note = "source changed: " + journal.name() + " on " + peer() + " is not the file this download started with; started over";
            LOG.info("receiving {}: {}", journal.name(), note);
        }
        manifest = announced;
        int count = manifest.chunkCount();
        verified = new BitSet(count);
        received = new String[count];
        mismatches = new int[count];
        if (!resuming && alreadyHere()) {
            context.respond(message, new WorkerMessage.Need(List.of()).encode());
            context.send(sender, new WorkerMessage.Done().encode(), null);
            bytes = manifest.size();
            LOG.info("{} from {} is already at {}: nothing to download", journal.name(), peer(), target);
            // It may have landed before a crash that came before its journal went: a stale partial goes too.
            end(TransferStatus.DONE, null, true);
            return;
        }
        openPartial(resuming);
        journal = journal.withManifest(manifest, verified).withProgress(verified, wireBytes, reusedBytes);
        if (count > 1) {
            // A one-chunk file has nothing partial to resume: its queued journal, without manifest, restarts it.
            saveJournal();
        }
        meter = new ProgressMeter(manifest.size(), bytes);
        lastCheckpointNanos = System.nanoTime();
        nextToAsk = 0;
        inFlight = 0;
        context.respond(message, new WorkerMessage.Need(nextMissing(window.perDownload())).encode());
        report(TransferStatus.RUNNING, null);
        if (verified.cardinality() == count) {
            complete();
        }
    }

    /** True if the target already holds exactly this content, so that no byte needs to move. */
    private boolean alreadyHere() {
        try {
            BasicFileAttributes existing = Files.readAttributes(target, BasicFileAttributes.class);
            return existing.isRegularFile() && existing.size() == manifest.size()
                    && ManifestCache.hash(journal.name(), target, existing, manifest.chunkSize()).fileHash().equals(manifest.fileHash());
        } catch (IOException absentOrUnreadable) {
            return false;
        }
    }

    /**
     * Opens the partial file. When resuming, every chunk already in it is hashed against the manifest: chunks
     * that match are kept (even ones the journal had not recorded yet), the rest are fetched again.
     */
    private void openPartial(boolean resuming) throws TransferError {
        try {
            Files.createDirectories(target.getParent());
            long present = resuming && Files.exists(partial) ? Files.size(partial) : 0;
            long free = Files.getFileStore(target.getParent()).getUsableSpace();
            if (free < manifest.size() - present) {
                throw new TransferError(TransferError.Kind.DISK_FULL, "not enough space for " + journal.name() + ": it needs "
                        + (manifest.size() - present) + " bytes, " + free + " are free in " + target.getParent());
            }
            channel = resuming
                    ? FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING);
            if (resuming) {
                reuseIntactChunks(present);
            }
        } catch (IOException e) {
            throw new TransferError(TransferError.Kind.NOT_WRITABLE, "cannot write " + target.getParent() + ": " + e.getMessage());
        }
    }

    private void reuseIntactChunks(long present) throws IOException {
        int whole = 0;
        while (whole < manifest.chunkCount() && manifest.offsetOf(whole) + manifest.lengthOf(whole) <= present) {
            whole++;
        }
        String[] hashes = ManifestCache.chunkHashes(channel, partial, Math.min(present, manifest.size()), manifest.chunkSize(), whole);
        long reused = 0;
        for (int chunk = 0; chunk < whole; chunk++) {
            if (hashes[chunk].equals(manifest.chunkHashes().get(chunk))) {
                verified.set(chunk);
                received[chunk] = hashes[chunk];
                reused += manifest.lengthOf(chunk);
            }
        }
        bytes = reused;
        reusedBytes += reused;
        LOG.info("receiving {}: resuming with {} of {} bytes intact in the partial file", journal.name(), reused, manifest.size());
    }

    /** Up to {@code count} more missing chunks to ask for, as ranges. */
    private List<ChunkRange> nextMissing(int count) {
        List<ChunkRange> ranges = new ArrayList<>();
        int asked = 0;
        while (asked < count) {
            int from = verified.nextClearBit(nextToAsk);
            if (from >= manifest.chunkCount()) {
                nextToAsk = manifest.chunkCount();
                break;
            }
            int to = from;
            while (to < manifest.chunkCount() && !verified.get(to) && asked < count) {
                to++;
                asked++;
            }
            ranges.add(new ChunkRange(from, to));
            nextToAsk = to;
        }
        inFlight += asked;
        return ranges;
    }

    private void onChunk(WorkerMessage.Chunk chunk, ByteBuf blob) throws TransferError {
        if (manifest == null) {
            throw new TransferError(TransferError.Kind.PROTOCOL, peer() + " sent a chunk before the manifest");
        }
        long index = chunk.offset() / manifest.chunkSize();
        int length = blob == null ? -1 : blob.readableBytes();
        if (chunk.offset() % manifest.chunkSize() != 0 || index >= manifest.chunkCount() || blob == null
                || length != manifest.lengthOf((int) index) || chunk.length() != length) {
            throw new TransferError(TransferError.Kind.PROTOCOL, peer() + " sent a chunk that is not in the manifest (offset "
                    + chunk.offset() + ", length " + chunk.length() + ")");
        }
        int chunkIndex = (int) index;
        wireBytes += length;
        // After a reconnect, chunks asked for by the last attempt may still come: they count for nothing.
        inFlight = Math.max(0, inFlight - 1);
        if (verified.get(chunkIndex)) {
            return;
        }
        MessageDigest digest = FileManifest.sha256();
        digest.update(blob.nioBuffer());
        String hash = FileManifest.hex(digest.digest());
        if (!hash.equals(manifest.chunkHashes().get(chunkIndex))) {
            mismatches[chunkIndex]++;
            LOG.warn("receiving {}: chunk {} from {} failed verification (attempt {} of {})", journal.name(), chunkIndex, peer(),
                    mismatches[chunkIndex], MAX_ATTEMPTS);
            if (mismatches[chunkIndex] >= MAX_ATTEMPTS) {
                throw new TransferError(TransferError.Kind.VERIFICATION, "chunk " + chunkIndex + " of " + journal.name() + " from "
                        + peer() + " failed verification " + MAX_ATTEMPTS + " times");
            }
            context.send(sender, new WorkerMessage.Need(List.of(new ChunkRange(chunkIndex, chunkIndex + 1))).encode(), null);
            inFlight++;
            return;
        }
        write(blob, manifest.offsetOf(chunkIndex));
        verified.set(chunkIndex);
        received[chunkIndex] = hash;
        bytes += length;
        retries.succeeded();
        sinceCheckpoint++;
        List<ChunkRange> more = nextMissing(window.perDownload() - inFlight);
        if (!more.isEmpty()) {
            context.send(sender, new WorkerMessage.Need(more).encode(), null);
        }
        if (verified.cardinality() == manifest.chunkCount()) {
            complete();
            return;
        }
        if (sinceCheckpoint >= CHECKPOINT_CHUNKS || System.nanoTime() - lastCheckpointNanos > CHECKPOINT_NANOS) {
            checkpointInBackground();
        }
        if (meter.due(bytes)) {
            report(TransferStatus.RUNNING, null);
        }
    }

    /** Makes the written chunks durable, then records them: the journal never claims what a crash could lose. */
    private void checkpoint() throws TransferError {
        awaitCheckpoint();
        try {
            Fsync.force(channel);
        } catch (IOException e) {
            throw new TransferError(TransferError.Kind.NOT_WRITABLE, "cannot sync " + partial + ": " + e.getMessage());
        }
        journal = journal.withProgress(verified, wireBytes, reusedBytes);
        saveJournal();
        sinceCheckpoint = 0;
        lastCheckpointNanos = System.nanoTime();
    }

    /**
     * The same as {@link #checkpoint()} for the chunks verified so far, but on a sync thread: waiting here for
     * the disk would leave the link idle, as no chunk is asked for meanwhile. Skipped while the last one runs.
     */
    private void checkpointInBackground() throws TransferError {
        if (checkpointing != null) {
            if (!checkpointing.isDone()) {
                return;
            }
            awaitCheckpoint();
        }
        journal = journal.withProgress(verified, wireBytes, reusedBytes);
        Journal durable = journal;
        checkpointing = Fsync.forceThen(channel, () -> journals.save(durable));
        sinceCheckpoint = 0;
        lastCheckpointNanos = System.nanoTime();
    }

    /** Waits for a background checkpoint, so that nothing else writes the journal or closes the file under it. */
    private void awaitCheckpoint() throws TransferError {
        if (checkpointing == null) {
            return;
        }
        try {
            Fsync.awaitAll(List.of(checkpointing));
        } catch (IOException e) {
            throw new TransferError(TransferError.Kind.NOT_WRITABLE, "cannot sync " + partial + ": " + e.getMessage());
        } finally {
            checkpointing = null;
        }
    }

    private void write(ByteBuf blob, long offset) throws TransferError {
        ByteBuffer buffer = blob.nioBuffer();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer, offset + buffer.position());
            }
        } catch (IOException e) {
            throw TransferError.writing(target, e);
        }
    }

    private void complete() throws TransferError {
        awaitCheckpoint();
        if (manifest.chunkCount() > 0 && !FileManifest.fileHashOf(List.of(received)).equals(manifest.fileHash())) {
            throw new TransferError(TransferError.Kind.VERIFICATION, "the file hash of " + journal.name() + " does not match its manifest");
        }
        Path landed;
        try {
            Fsync.force(channel);
            closeChannel();
            landed = FilePlacement.place(partial, target, journal.overwrite());
            Files.setLastModifiedTime(landed, FileTime.fromMillis(manifest.mtimeMillis()));
        } catch (IOException e) {
            throw new TransferError(TransferError.Kind.NOT_WRITABLE, "cannot put " + journal.name() + " in place at " + target + ": " + e.getMessage());
        }
        context.send(sender, new WorkerMessage.Done().encode(), null);
        LOG.info("received {} from {}: {} bytes into {} ({} attempt{})", journal.name(), peer(), manifest.size(), landed,
                journal.attempts(), journal.attempts() == 1 ? "" : "s");
        bytes = manifest.size();
        journals.delete(journal.id());
        ended = true;
        reportAt(TransferStatus.DONE, null, landed);
        context.exit();
    }

    /** The link is gone or useless: keep what arrived, and try again after a backoff. */
    private void linkLost(String reason) {
        LOG.info("receiving {}: {}; will reconnect", journal.name(), reason);
        if (stopSenderKeepingWhatArrived("reconnecting: " + reason)) {
            resetAttempt();
            retryLater(reason);
        }
    }

    /**
     * Tells the sender to stop and makes what arrived durable and journaled. False if that failed, in which
     * case the transfer has failed.
     */
    private boolean stopSenderKeepingWhatArrived(String reason) {
        if (sender != null) {
            context.send(sender, new WorkerMessage.Cancel(reason).encode(), null);
        }
        if (channel != null) {
            try {
                checkpoint();
            } catch (TransferError e) {
                fail(e);
                return false;
            }
        }
        return true;
    }

    /** The source changed: forget the partial file and ask again at once. */
    private void startAgain() {
        LOG.info("receiving {}: {}", journal.name(), note);
        resetAttempt();
        connect();
    }

    private void resetAttempt() {
        closeChannel();
        sender = null;
        manifest = null;
        sinceCheckpoint = 0;
        meter = null;
    }

    private void retryLater(String reason) {
        if (!retries.schedule(reason)) {
            fail(retries.givenUp(journal.attempts()));
            return;
        }
        report(TransferStatus.RESUMING, null);
    }

    private static boolean retryable(TransferError error) {
        return error.kind() == TransferError.Kind.OFFLINE || error.kind() == TransferError.Kind.STALLED;
    }

    @Override
    public Duration idleTimeout() {
        if (retries.waiting()) {
            return retries.untilDue();
        }
        return sender != null && manifest == null ? MANIFEST_TIMEOUT : stallTimeout;
    }

    @Override
    public void onIdle(ProcessContext context) {
        if (retries.waiting()) {
            if (retries.due()) {
                connect();
            }
            return;
        }
        if (sender != null) {
            // Silence on an open link: it is stalled somewhere; drop it so that the next attempt dials afresh.
            context.kernel().dropLink(new NodeId(sender.node()));
        }
        linkLost(peer() + " sent nothing for " + idleTimeout().toSeconds() + " s");
    }

    private void pause() {
        LOG.info("receiving {}: paused by the owner", journal.name());
        if (!stopSenderKeepingWhatArrived("paused by the receiver")) {
            return;
        }
        journal = journal.withPaused(true);
        saveJournal();
        closeChannel();
        ended = true;
        report(TransferStatus.PAUSED, null);
        context.exit();
    }

    private void fail(TransferError error) {
        if (context.kernel().isShuttingDown()) {
            // The node is stopping and interrupted the work: keep the journal and the partial file, as a crash would.
            LOG.info("receiving {}: stopped with the node; it resumes at the next start", journal.name());
            closeChannel();
            ended = true;
            context.exit();
            return;
        }
        end(TransferStatus.FAILED, error.getMessage(), true);
    }

    /** Ends the transfer for good: the partial file and the journal go, the sender is told, the end is reported. */
    private void end(String state, String reason, boolean discard) {
        LOG.info("receiving {} from {} {}: {}", journal.name(), peer(), state, reason);
        closeChannel();
        if (discard) {
            PartialFile.discard(partial);
        }
        journals.delete(journal.id());
        if (sender != null && !state.equals(TransferStatus.DONE)) {
            context.send(sender, new WorkerMessage.Cancel(reason).encode(), null);
        }
        ended = true;
        report(state, reason);
        context.exit();
    }

    private void saveJournal() {
        try {
            awaitCheckpoint();
            journals.save(journal);
        } catch (TransferError e) {
            LOG.warn("receiving {}: {}", journal.name(), e.getMessage());
        } catch (IOException e) {
            LOG.warn("cannot save the journal of {}: {}", journal.id(), e.getMessage());
        }
    }

    private String peer() {
        return journal.peer();
    }

    private void report(String state, String error) {
        reportAt(state, error, target);
    }

    private void reportAt(String state, String error, Path path) {
        long total = manifest != null ? manifest.size() : journal.manifest() != null ? journal.manifest().size() : 0;
        long rate = meter == null ? 0 : meter.rate();
        long eta = meter == null ? -1 : meter.etaSeconds(bytes);
        String shownNote = state.equals(TransferStatus.RESUMING) && retries.lastTrouble() != null ? retries.lastTrouble() : note;
        TransferStatus status = new TransferStatus(journal.id(), peer(), journal.name(), state, bytes, total, rate, eta,
                path.toString(), error, shownNote, journal.attempts(), wireBytes, reusedBytes);
        context.send(main, new TransferRequest.Progress(journal.name(), status.percent(), status).encode(), null);
    }

    private void closeChannel() {
        try {
            awaitCheckpoint();
        } catch (TransferError e) {
            // The file is closed to be discarded or re-checked on resume: a failed background sync changes neither.
            LOG.debug("receiving {}: {}", journal.name(), e.getMessage());
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // The partial file is discarded or already synced; a failed close changes neither.
            }
            channel = null;
        }
    }

    /**
     * A node shutting down interrupts its workers: the journal and the partial file stay, and the next start
     * resumes them. Any other unexpected end (a crash) fails the transfer, so that it is reported once.
     */
    @Override
    public void onExit() {
        if (inWindow) {
            window.leave();
            inWindow = false;
        }
        if (!ended && context != null && !context.kernel().isShuttingDown()) {
            fail(new TransferError(TransferError.Kind.CANCELLED, "the receiving worker stopped before the end"));
        }
        closeChannel();
    }
}
