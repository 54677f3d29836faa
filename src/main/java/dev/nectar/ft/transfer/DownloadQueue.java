package dev.nectar.ft.transfer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Downloads waiting for a free slot: at most {@link #MAX_ACTIVE} receiving workers run at once, the rest wait
 * in order, up to {@link #MAX_QUEUED}. Lives outside the main process so that a restart of it loses no download.
 */
public final class DownloadQueue {
    static final int MAX_ACTIVE = 32;
    static final int MAX_QUEUED = 100_000;

    /** A download that has an id and a target but no worker yet. */
    record Pending(String id, Runnable start) {}

    private final Deque<Pending> waiting = new ArrayDeque<>();
    private final Set<String> active = new HashSet<>();

    /** Queues a download; false if the queue is full. */
    synchronized boolean offer(Pending pending) {
        if (waiting.size() >= MAX_QUEUED) {
            return false;
        }
        waiting.addLast(pending);
        return true;
    }

    /** Marks {@code id} as ended, freeing its slot. */
    synchronized void finished(String id) {
        active.remove(id);
    }

    /** The next download to start now, if a slot is free. */
    synchronized Optional<Pending> next() {
        if (active.size() >= MAX_ACTIVE || waiting.isEmpty()) {
            return Optional.empty();
        }
        Pending next = waiting.removeFirst();
        active.add(next.id());
        return Optional.of(next);
    }
}
