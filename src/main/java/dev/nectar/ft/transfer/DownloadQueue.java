package dev.nectar.ft.transfer;

import dev.nectar.ft.wire.FileManifest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Downloads waiting for a free slot: at most {@code maxActive} receiving workers run at once, the rest wait
 * in order, up to {@link #MAX_QUEUED}. Small files waiting next to each other for the same peer leave together,
 * up to {@link #BATCH_FILES} to one worker, so that a folder of thousands of small files costs a few workers,
 * not thousands. Lives outside the main process so that a restart of it loses no download, and remembers how
 * recent downloads began so that a failed one can be tried again.
 */
public final class DownloadQueue {
    public static final int MAX_QUEUED = 100_000;
    /** Files up to one chunk travel whole, manifest and bytes in one message. */
    static final long SMALL_FILE_BYTES = FileManifest.DEFAULT_CHUNK_SIZE;
    static final int BATCH_FILES = 512;
    private static final int REMEMBERED = 1000;

    /** Downloads that leave together: one journal for a worker of its own, or a batch of small files. */
    record Departure(String worker, List<Journal> journals) {
        boolean isBatch() {
            return !(journals.size() == 1 && journals.getFirst().id().equals(worker));
        }
    }

    private final int maxActive;
    private final Deque<Journal> waiting = new ArrayDeque<>();
    /** Running transfer id to the worker carrying it, and each worker's transfers not finished yet. */
    private final Map<String, String> workerOf = new HashMap<>();
    private final Map<String, Integer> unfinished = new HashMap<>();
    private final AtomicBoolean journalsResumed = new AtomicBoolean();
    private final CountDownLatch journalsRead = new CountDownLatch(1);
    private final Map<String, Journal> beginnings = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Journal> eldest) {
            return size() > REMEMBERED;
        }
    };

    public DownloadQueue(int maxActive) {
        this.maxActive = maxActive;
    }

    /** True the first time only: the journals of a node are resumed once per start, not per main-process restart. */
    boolean claimJournals() {
        return journalsResumed.compareAndSet(false, true);
    }

    /** The journals were read and their downloads queued (or given up on): the node may answer its owner. */
    void journalsRead() {
        journalsRead.countDown();
    }

    /**
     * Waits up to {@code timeout} until the node's journals were read, so that its API never answers without the
     * downloads it is resuming; false if they were not read in time.
     */
    public boolean awaitJournalsRead(Duration timeout) throws InterruptedException {
        return journalsRead.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Queues a download; false if the queue is full. */
    synchronized boolean offer(Journal journal) {
        if (waiting.size() >= MAX_QUEUED) {
            return false;
        }
        waiting.addLast(journal);
        // Tried again, a download goes alone: a file that no longer fits a batch would fail the same way.
        beginnings.put(journal.id(), Journal.start(journal.id(), journal.peer(), journal.peerNodeId(), journal.name(),
                journal.target(), journal.overwrite(), null));
        return true;
    }

    /** Room for this many more downloads in the queue. */
    synchronized int room() {
        return MAX_QUEUED - waiting.size();
    }

    /** Takes a download out of the queue before it started; false if it is not waiting. */
    synchronized boolean withdraw(String id) {
        return waiting.removeIf(journal -> journal.id().equals(id));
    }

    /** Takes downloads out of the queue before they started, in one pass; ids not waiting are passed over. */
    synchronized void withdrawAll(Set<String> ids) {
        waiting.removeIf(journal -> ids.contains(journal.id()));
    }

    /** The worker that carries the running download {@code id}. */
    synchronized Optional<String> workerOf(String id) {
        return Optional.ofNullable(workerOf.get(id));
    }

    /** How the download {@code id} began, to try it again from nothing. */
    synchronized Optional<Journal> beginningOf(String id) {
        return Optional.ofNullable(beginnings.get(id));
    }

    /** Marks {@code id} as ended; its worker's slot is free once all of that worker's downloads ended. */
    synchronized void finished(String id) {
        String worker = workerOf.remove(id);
        if (worker != null && unfinished.merge(worker, -1, Integer::sum) <= 0) {
            unfinished.remove(worker);
        }
    }

    /** What leaves next, if a slot is free; a batch gets its worker's name from {@code batchName}. */
    synchronized Optional<Departure> next(Supplier<String> batchName) {
        if (unfinished.size() >= maxActive || waiting.isEmpty()) {
            return Optional.empty();
        }
        Journal first = waiting.removeFirst();
        Departure departure;
        if (batchable(first)) {
            List<Journal> batch = new ArrayList<>(List.of(first));
            while (batch.size() < BATCH_FILES && !waiting.isEmpty() && batchable(waiting.peekFirst())
                    && waiting.peekFirst().peerNodeId().equals(first.peerNodeId())) {
                batch.add(waiting.removeFirst());
            }
            departure = new Departure(batchName.get(), List.copyOf(batch));
        } else {
            departure = new Departure(first.id(), List.of(first));
        }
        departure.journals().forEach(journal -> workerOf.put(journal.id(), departure.worker()));
        unfinished.put(departure.worker(), departure.journals().size());
        return Optional.of(departure);
    }

    /** A small file that has not started: nothing of it to resume, so it may travel whole with others. */
    private static boolean batchable(Journal journal) {
        return journal.sizeHint() != null && journal.sizeHint() <= SMALL_FILE_BYTES && journal.manifest() == null;
    }
}
