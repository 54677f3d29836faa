package dev.nectar.ft.transfer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Downloads waiting for a free slot: at most {@code maxActive} receiving workers run at once, the rest wait
 * in order, up to {@link #MAX_QUEUED}. Lives outside the main process so that a restart of it loses no download,
 * and remembers how recent downloads began so that a failed one can be tried again.
 */
public final class DownloadQueue {
    static final int MAX_QUEUED = 100_000;
    private static final int REMEMBERED = 1000;

    private final int maxActive;
    private final Deque<Journal> waiting = new ArrayDeque<>();
    private final Set<String> active = new HashSet<>();
    private final AtomicBoolean journalsResumed = new AtomicBoolean();
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

    /** Queues a download; false if the queue is full. */
    synchronized boolean offer(Journal journal) {
        if (waiting.size() >= MAX_QUEUED) {
            return false;
        }
        waiting.addLast(journal);
        beginnings.put(journal.id(), Journal.start(journal.id(), journal.peer(), journal.peerNodeId(), journal.name(),
                journal.target(), journal.overwrite()));
        return true;
    }

    /** Takes a download out of the queue before it started; false if it is not waiting. */
    synchronized boolean withdraw(String id) {
        return waiting.removeIf(journal -> journal.id().equals(id));
    }

    synchronized boolean isActive(String id) {
        return active.contains(id);
    }

    /** How the download {@code id} began, to try it again from nothing. */
    synchronized Optional<Journal> beginningOf(String id) {
        return Optional.ofNullable(beginnings.get(id));
    }

    /** Marks {@code id} as ended, freeing its slot. */
    synchronized void finished(String id) {
        active.remove(id);
    }

    /** The next download to start now, if a slot is free. */
    synchronized Optional<Journal> next() {
        if (active.size() >= maxActive || waiting.isEmpty()) {
            return Optional.empty();
        }
        Journal next = waiting.removeFirst();
        active.add(next.id());
        return Optional.of(next);
    }
}
