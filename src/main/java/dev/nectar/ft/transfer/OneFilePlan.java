package dev.nectar.ft.transfer;

import dev.nectar.ft.storage.IncomingFile;
import dev.nectar.ft.storage.NoRoomException;
import dev.nectar.ft.storage.PartialFile;
import dev.nectar.ft.vfs.Drive;
import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.ChunkRange;
import dev.nectar.ft.wire.FileManifest;
import dev.nectar.ft.wire.TransferRequest;
import dev.nectar.ft.wire.TransferStatus;
import dev.nectar.ft.wire.WireFrame;
import dev.nectar.ft.wire.WorkerMessage;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file in chunks: take the manifest, ask for the missing chunks with a bounded window, write each verified
 * chunk into the {@link IncomingFile}, checkpoint now and then, and land it when every chunk is there. Its journal
 * never claims a chunk that a crash could lose: the data is synced before the journal is written.
 */
final class OneFilePlan implements ReceivePlan {
    private static final Logger LOG = LoggerFactory.getLogger(OneFilePlan.class);
    /**
     * Verified chunks between checkpoints (sync the data, then the journal). Every resume re-hashes the partial
     * file, so chunks written since the last checkpoint are still reused when they survived; checkpoints only
     * bound what a power cut can cost.
     */
    private static final int CHECKPOINT_CHUNKS = 64;
    private static final long CHECKPOINT_NANOS = 2_000_000_000L;

    private final JournalStore journals;
    private final ReceiveWindow window;
    private final Path target;
    private Journal journal;
    private Conversation conversation;
    private String note;
    private String ended;
    private long wireBytes;
    private long reusedBytes;

    // One attempt: reset whenever it ends.
    private IncomingFile file;
    private int[] mismatches;
    private int nextToAsk;
    /** Chunks asked for and not yet here, held within {@link ReceiveWindow#perDownload()}. */
    private int inFlight;
    private int sinceCheckpoint;
    private long lastCheckpointNanos;
    private ProgressMeter meter;

    OneFilePlan(Journal journal, JournalStore journals, ReceiveWindow window) {
        this.journal = journal;
        this.journals = journals;
        this.window = window;
        this.target = Path.of(journal.target());
        this.wireBytes = journal.wireBytes();
        this.reusedBytes = journal.reusedBytes();
    }

    @Override
    public void bind(Conversation conversation) {
        this.conversation = conversation;
    }

    @Override
    public int previousAttempts() {
        return journal.attempts();
    }

    @Override
    public void attempting(int attempt) {
        journal = journal.withAttempts(attempt);
        report(attempt == 1 ? TransferStatus.STARTING : TransferStatus.RESUMING, null, target);
    }

    @Override
    public void reconnecting() {
        report(TransferStatus.RESUMING, null, target);
    }

    @Override
    public TransferRequest request(Address self) {
        return ended == null ? new TransferRequest.Download(journal.name(), self) : null;
    }

    @Override
    public void connected() {
        // The sender speaks first, with the manifest.
    }

    @Override
    public boolean awaitingFirstWord() {
        return file == null;
    }

    @Override
    public void onMessage(WireFrame.Message message, WorkerMessage decoded) throws TransferError {
        switch (decoded) {
            case WorkerMessage.Manifest announced -> onManifest(message, announced.manifest());
            case WorkerMessage.Chunk chunk -> onChunk(chunk, message.blob());
            default -> throw new TransferError(TransferError.Kind.PROTOCOL, "unexpected " + message.body().length
                    + "-byte message from the sender of " + journal.name());
        }
    }

    private void onManifest(WireFrame.Message message, FileManifest announced) throws TransferError {
        if (file != null) {
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
        if (!resuming && IncomingFile.holds(target, announced)) {
            conversation.respond(message, new WorkerMessage.Need(List.of()));
            LOG.info("{} from {} is already at {}: nothing to download", journal.name(), peer(), target);
            // It may have landed before a crash that came before its journal went: a stale partial goes too.
            PartialFile.discard(Drive.partialPathOf(target));
            end(TransferStatus.DONE, null, target, announced.size(), announced.size());
            return;
        }
        try {
            file = IncomingFile.open(target, announced, resuming);
        } catch (NoRoomException e) {
            throw new TransferError(TransferError.Kind.DISK_FULL, e.getMessage());
        } catch (IOException e) {
            throw new TransferError(TransferError.Kind.NOT_WRITABLE, "cannot write " + target.getParent() + ": " + TransferError.describe(e));
        }
        if (resuming) {
            reusedBytes += file.reusedBytes();
            LOG.info("receiving {}: resuming with {} of {} bytes intact in the partial file", journal.name(), file.reusedBytes(), announced.size());
        }
        mismatches = new int[announced.chunkCount()];
        journal = journal.withManifest(announced, file.verified()).withProgress(file.verified(), wireBytes, reusedBytes);
        if (announced.chunkCount() > 1) {
            // A one-chunk file has nothing partial to resume: its queued journal, without manifest, restarts it.
            saveJournal();
        }
        meter = new ProgressMeter(announced.size(), file.verifiedBytes());
        lastCheckpointNanos = System.nanoTime();
        nextToAsk = 0;
        inFlight = 0;
        conversation.respond(message, new WorkerMessage.Need(nextMissing(window.perDownload())));
        report(TransferStatus.RUNNING, null, target);
        if (file.isComplete()) {
            land();
        }
    }

    /** Up to {@code count} more missing chunks to ask for, as ranges. */
    private List<ChunkRange> nextMissing(int count) {
        List<ChunkRange> ranges = new ArrayList<>();
        int chunks = file.manifest().chunkCount();
        int asked = 0;
        while (asked < count) {
            int from = file.nextMissing(nextToAsk);
            if (from >= chunks) {
                nextToAsk = chunks;
                break;
            }
            int to = from;
            while (to < chunks && !file.has(to) && asked < count) {
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
        if (file == null) {
            throw new TransferError(TransferError.Kind.PROTOCOL, peer() + " sent a chunk before the manifest");
        }
        FileManifest manifest = file.manifest();
        long index = chunk.offset() / manifest.chunkSize();
        if (chunk.offset() % manifest.chunkSize() != 0 || index >= manifest.chunkCount() || blob == null
                || blob.readableBytes() != manifest.lengthOf((int) index) || chunk.length() != blob.readableBytes()) {
            throw new TransferError(TransferError.Kind.PROTOCOL, peer() + " sent a chunk that is not in the manifest (offset "
                    + chunk.offset() + ", length " + chunk.length() + ")");
        }
        int at = (int) index;
        wireBytes += blob.readableBytes();
        // After a reconnect, chunks asked for by the last attempt may still come: they count for nothing.
        inFlight = Math.max(0, inFlight - 1);
        if (file.has(at)) {
            return;
        }
        if (!write(at, blob)) {
            mismatches[at]++;
            LOG.warn("receiving {}: chunk {} from {} failed verification (attempt {} of {})", journal.name(), at, peer(),
                    mismatches[at], MAX_MISMATCHES);
            if (mismatches[at] >= MAX_MISMATCHES) {
                throw new TransferError(TransferError.Kind.VERIFICATION, "chunk " + at + " of " + journal.name() + " from "
                        + peer() + " failed verification " + MAX_MISMATCHES + " times");
            }
            conversation.toSender(new WorkerMessage.Need(List.of(new ChunkRange(at, at + 1))));
            inFlight++;
            return;
        }
        conversation.progressed();
        sinceCheckpoint++;
        List<ChunkRange> more = nextMissing(window.perDownload() - inFlight);
        if (!more.isEmpty()) {
            conversation.toSender(new WorkerMessage.Need(more));
        }
        if (file.isComplete()) {
            land();
            return;
        }
        if (sinceCheckpoint >= CHECKPOINT_CHUNKS || System.nanoTime() - lastCheckpointNanos > CHECKPOINT_NANOS) {
            checkpointInBackground();
        }
        if (meter.due(file.verifiedBytes())) {
            report(TransferStatus.RUNNING, null, target);
        }
    }

    private boolean write(int chunk, ByteBuf blob) throws TransferError {
        try {
            return file.write(chunk, blob.nioBuffer());
        } catch (IOException e) {
            throw TransferError.writing(target, e);
        }
    }

    /** Syncs the written chunks and records them on a sync thread, while chunks keep arriving. */
    private void checkpointInBackground() throws TransferError {
        Journal durable = withProgress();
        try {
            if (file.checkpointLater(() -> journals.save(durable))) {
                sinceCheckpoint = 0;
                lastCheckpointNanos = System.nanoTime();
            }
        } catch (IOException e) {
            throw syncFailed(e);
        }
    }

    /** The journal with the chunks verified so far, kept as the current one, for a checkpoint to save once they are durable. */
    private Journal withProgress() {
        journal = journal.withProgress(file.verified(), wireBytes, reusedBytes);
        return journal;
    }

    private TransferError syncFailed(IOException e) {
        return new TransferError(TransferError.Kind.NOT_WRITABLE, "cannot sync " + target + ": " + TransferError.describe(e));
    }

    private void land() throws TransferError {
        Path landed;
        try {
            landed = file.land(journal.overwrite());
        } catch (IOException e) {
            throw new TransferError(TransferError.Kind.NOT_WRITABLE, "cannot put " + journal.name() + " in place at " + target
                    + ": " + TransferError.describe(e));
        }
        LOG.info("received {} from {}: {} bytes into {} ({} attempt{})", journal.name(), peer(), file.manifest().size(), landed,
                journal.attempts(), journal.attempts() == 1 ? "" : "s");
        end(TransferStatus.DONE, null, landed, file.manifest().size(), file.manifest().size());
    }

    @Override
    public void sourceChanged(String reason) {
        note = "source changed: " + peer() + " modified " + journal.name() + " during the transfer";
        LOG.info("receiving {}: {}", journal.name(), note);
        closeAttempt();
    }

    @Override
    public void keep() throws TransferError {
        if (file != null) {
            Journal durable = withProgress();
            try {
                file.checkpoint(() -> journals.save(durable));
            } catch (IOException e) {
                throw syncFailed(e);
            }
        }
        closeAttempt();
    }

    @Override
    public boolean pause(String id) throws TransferError {
        if (!id.equals(journal.id()) || ended != null) {
            return false;
        }
        LOG.info("receiving {}: paused by the owner", journal.name());
        keep();
        journal = journal.withPaused(true);
        saveJournal();
        ended = TransferStatus.PAUSED;
        report(TransferStatus.PAUSED, null, target);
        return true;
    }

    @Override
    public boolean cancel(String id) {
        if (!id.equals(journal.id()) || ended != null) {
            return false;
        }
        discard(TransferStatus.CANCELLED, "cancelled by the owner");
        return true;
    }

    @Override
    public void failAll(TransferError error) {
        if (ended == null) {
            discard(TransferStatus.FAILED, error.getMessage());
        }
    }

    private void discard(String state, String reason) {
        long total = total();
        if (file != null) {
            file.discard();
            file = null;
        } else {
            PartialFile.discard(Drive.partialPathOf(target));
        }
        end(state, reason, target, 0, total);
    }

    private void end(String state, String error, Path path, long endBytes, long total) {
        ended = state;
        conversation.forget(journal.id());
        statusOf(state, error, path, endBytes, total);
        closeAttempt();
    }

    @Override
    public boolean finished() {
        return ended != null;
    }

    @Override
    public void close() {
        closeAttempt();
    }

    private void closeAttempt() {
        if (file != null) {
            file.close();
            file = null;
        }
        meter = null;
        sinceCheckpoint = 0;
    }

    private void saveJournal() {
        try {
            journals.save(journal);
        } catch (IOException e) {
            LOG.warn("cannot save the journal of {}: {}", journal.id(), e.getMessage());
        }
    }

    private String peer() {
        return journal.peer();
    }

    /** Between attempts the journal's last checkpoint says how much is here. */
    private void report(String state, String error, Path path) {
        statusOf(state, error, path, file != null ? file.verifiedBytes() : journal.verifiedBytes(), total());
    }

    private long total() {
        return file != null ? file.manifest().size() : journal.total();
    }

    private void statusOf(String state, String error, Path path, long bytes, long total) {
        long rate = meter == null ? 0 : meter.rate();
        long eta = meter == null ? -1 : meter.etaSeconds(bytes);
        String shownNote = state.equals(TransferStatus.RESUMING) && conversation.lastTrouble() != null ? conversation.lastTrouble() : note;
        conversation.report(new TransferStatus(journal.id(), peer(), journal.name(), state, bytes, total, rate, eta,
                path.toString(), error, shownNote, journal.attempts(), wireBytes, reusedBytes));
    }
}
