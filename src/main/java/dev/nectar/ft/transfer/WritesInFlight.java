package dev.nectar.ft.transfer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A sending worker's chunks handed to the link but not yet written to the socket. Waiting for room before each
 * read bounds the worker's memory, whatever the receiver asks for.
 */
final class WritesInFlight {
    /** Chunks (or whole small files) handed to the link and not yet written. */
    static final int MAX = 8;
    private static final long WRITE_TIMEOUT_SECONDS = 60;

    private final Deque<CompletableFuture<Void>> writes = new ArrayDeque<>();

    /** Waits until fewer than {@link #MAX} writes are pending; fails if the link lost one or is stuck. */
    void awaitRoom() throws InterruptedException, ExecutionException, TimeoutException {
        writes.removeIf(CompletableFuture::isDone);
        while (writes.size() >= MAX) {
            writes.removeFirst().get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    void add(CompletableFuture<Void> write) {
        writes.addLast(write);
    }
}
