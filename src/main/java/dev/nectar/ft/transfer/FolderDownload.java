package dev.nectar.ft.transfer;

import dev.nectar.ft.wire.TransferStatus;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder downloaded as one transfer, while it runs: its journal, the files it queued that have not ended, and its
 * status for the owner. Its {@link FolderFeeder} queues files through the main process and waits here for room; the
 * main process reports how they end. Both run on threads of their own, so every method holds the lock.
 */
final class FolderDownload {
    private static final Logger LOG = LoggerFactory.getLogger(FolderDownload.class);
    /** How many of a folder's files may be queued or running at once: enough batches for every worker, and no more. */
    static final int WINDOW = 8 * DownloadQueue.BATCH_FILES;

    private final JournalStore journals;
    private final TransferRegistry registry;
    private final String path;
    private final long startedNanos = System.nanoTime();
    private final long bytesAtStart;
    private FolderJournal journal;
    /** Queued files not ended yet: their listed size and the bytes they reported so far. */
    private final Map<String, long[]> unfinished = new HashMap<>();
    private long done;
    private long doneBytes;
    private long movingBytes;
    private String state;

    /**
     * A folder download as its journal and its files' journals left it: files of a chunk the folder's journal does
     * not count were written by a crash cut short before they were queued, and go (the feeder queues them again);
     * every other file it counts and has no journal for ended, as done unless counted failed.
     */
    static FolderDownload resumed(FolderJournal journal, List<Journal> files, JournalStore journals, TransferRegistry registry,
                                  String path) {
        FolderDownload folder = new FolderDownload(journal, journals, registry, path, files.stream()
                .filter(file -> file.partOf().chunk() < journal.chunks()).toList());
        journals.deleteDurably(files.stream().filter(file -> file.partOf().chunk() >= journal.chunks()).map(Journal::id).toList());
        return folder;
    }

    static FolderDownload start(FolderJournal journal, JournalStore journals, TransferRegistry registry, String path) throws IOException {
        journals.save(journal);
        return new FolderDownload(journal, journals, registry, path, List.of());
    }

    private FolderDownload(FolderJournal journal, JournalStore journals, TransferRegistry registry, String path, List<Journal> queued) {
        this.journal = journal;
        this.journals = journals;
        this.registry = registry;
        this.path = path;
        long queuedBytes = 0;
        for (Journal file : queued) {
            long size = file.sizeHint() == null ? 0 : file.sizeHint();
            unfinished.put(file.id(), new long[] {size, 0});
            queuedBytes += size;
        }
        done = journal.fed() - journal.failed() - queued.size();
        doneBytes = journal.fedBytes() - journal.failedBytes() - queuedBytes;
        bytesAtStart = doneBytes;
        state = journal.files() < 0 ? TransferStatus.STARTING : TransferStatus.RUNNING;
        finishIfEnded();
        publish();
    }

    String id() {
        return journal.id();
    }

    synchronized FolderJournal journal() {
        return journal;
    }

    /** Whether the file {@code id} is one of this folder's, queued and not ended. */
    synchronized boolean isQueued(String id) {
        return unfinished.containsKey(id);
    }

    synchronized boolean isOver() {
        return !(state.equals(TransferStatus.STARTING) || state.equals(TransferStatus.RUNNING));
    }

    /** The folder's files and size, from the peer's listing, for a total to show. */
    synchronized void counted(long files, long bytes) throws IOException {
        if (isOver()) {
            return;
        }
        journal = journal.counted(files, bytes);
        journals.save(journal);
        if (state.equals(TransferStatus.STARTING)) {
            state = TransferStatus.RUNNING;
        }
        publish();
    }

    /** The chunk the next files queued belong to. */
    synchronized Journal.Part nextPart() {
        return new Journal.Part(journal.id(), journal.chunks());
    }

    /**
     * What became of a chunk of the folder's files, up to {@code last}: journaled and about to be queued, found being
     * downloaded to the same place already (they count as done), or refused a place here (they count as failed, and
     * so does an empty folder of the chunk that cannot be made here, a file being in its way, say).
     */
    record Chunk(List<Journal> queued, long onTheirWay, long onTheirWayBytes, long refused, long refusedBytes, String last) {}

    /** Counts a chunk as fed, durably, before any of its files can end. */
    synchronized void fed(Chunk chunk) throws IOException {
        long size = chunk.onTheirWayBytes() + chunk.refusedBytes();
        for (Journal file : chunk.queued()) {
            long listed = file.sizeHint() == null ? 0 : file.sizeHint();
            unfinished.put(file.id(), new long[] {listed, 0});
            size += listed;
        }
        journal = journal.fed(chunk.queued().size() + chunk.onTheirWay() + chunk.refused(), size, chunk.last())
                .failed(chunk.refused(), chunk.refusedBytes());
        journals.save(journal);
        done += chunk.onTheirWay();
        doneBytes += chunk.onTheirWayBytes();
        publish();
    }

    /** Waits until {@code files} more fit the window, or the folder download is over. */
    synchronized void awaitRoom(int files) throws InterruptedException {
        while (!isOver() && unfinished.size() + files > WINDOW) {
            wait();
        }
    }

    /** A status of one of this folder's files; true if it ended (a paused file has not: it waits for the owner). */
    synchronized boolean report(TransferStatus file) {
        long[] known = unfinished.get(file.id());
        if (known == null) {
            return true;
        }
        boolean ended = file.state().equals(TransferStatus.DONE) || file.state().equals(TransferStatus.FAILED)
                || file.state().equals(TransferStatus.CANCELLED);
        movingBytes += (ended ? 0 : file.bytes()) - known[1];
        known[1] = ended ? 0 : file.bytes();
        if (ended) {
            unfinished.remove(file.id());
            if (isOver()) {
                return true;
            }
            if (file.state().equals(TransferStatus.DONE)) {
                done++;
                doneBytes += file.total();
            } else {
                journal = journal.failed(1, known[0]);
                saveQuietly();
            }
            notifyAll();
            finishIfEnded();
        }
        publish();
        return ended;
    }

    /** The listing was read to its end, or could not be ({@code error}): no more files come. */
    synchronized void listed(String error) {
        if (isOver()) {
            return;
        }
        journal = journal.listed(error);
        saveQuietly();
        finishIfEnded();
        publish();
    }

    /** Ends the folder download as cancelled; the files it queued that have not ended, for the caller to cancel. */
    synchronized List<String> cancel() {
        state = TransferStatus.CANCELLED;
        journals.deleteFolder(journal.id());
        notifyAll();
        publish();
        return List.copyOf(unfinished.keySet());
    }

    private void finishIfEnded() {
        if (isOver() || !journal.listed() || !unfinished.isEmpty()) {
            return;
        }
        state = journal.failed() == 0 && journal.error() == null ? TransferStatus.DONE : TransferStatus.FAILED;
        journals.deleteFolder(journal.id());
        notifyAll();
    }

    private void saveQuietly() {
        try {
            journals.save(journal);
        } catch (IOException e) {
            LOG.warn("cannot record where the download of {} stands: {}", journal.folder(), e.getMessage());
        }
    }

    private void publish() {
        registry.update(status());
    }

    synchronized TransferStatus status() {
        long bytes = doneBytes + movingBytes;
        long total = journal.listed() ? journal.fedBytes() : Math.max(journal.bytes(), bytes);
        long files = journal.listed() ? journal.fed() : journal.files() < 0 ? -1 : Math.max(journal.files(), journal.fed());
        long elapsedMillis = Math.max(1, (System.nanoTime() - startedNanos) / 1_000_000);
        long rate = isOver() ? 0 : (bytes - bytesAtStart) * 1000 / elapsedMillis;
        long eta = rate > 0 && total > bytes ? (total - bytes) / rate : -1;
        return new TransferStatus(journal.id(), journal.peer(), journal.folder() + "/", state, bytes, total, rate, eta, path, error(),
                journal.failed() == 0 || isOver() ? null : String.format(Locale.ROOT, "%,d files failed so far", journal.failed()),
                0, 0, 0).withFolder(new TransferStatus.Folder(files, done, journal.failed())).withTimes(journal.startedAt(), 0);
    }

    private String error() {
        if (!state.equals(TransferStatus.FAILED)) {
            return state.equals(TransferStatus.CANCELLED) ? "cancelled by the owner" : null;
        }
        String failures = journal.failed() == 0 ? "" : String.format(Locale.ROOT, "%,d of %,d files failed (see ft transfers and the node's log)",
                journal.failed(), journal.fed());
        if (journal.error() == null) {
            return failures;
        }
        return "cannot read the rest of the folder from " + journal.peer() + ": " + journal.error() + (failures.isEmpty() ? "" : "; " + failures);
    }
}
