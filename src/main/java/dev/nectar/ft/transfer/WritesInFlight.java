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
    /** Chunks (or whole small files) handed to the link and not yet written, whatever their size. */
    static final int MAX = 8;
    /**
     * More writes while together they hold under {@link #SMALL_BYTES}: a batch's small files then go without their
     * worker waiting for the link after each (a park and a wake-up per file of 4 KiB).
     */
    static final int MAX_SMALL = 64;
    static final long SMALL_BYTES = 1 << 20;
    private static final long WRITE_TIMEOUT_SECONDS = 60;

    private record Write(CompletableFuture<Void> done, long bytes) {}

    private final Deque<Write> writes = new ArrayDeque<>();
    private long bytes;

    /** Waits until there is room for one more write; fails if the link lost one or is stuck. */
    void awaitRoom() throws InterruptedException, ExecutionException, TimeoutException {
        while (!hasRoom()) {
            forget(writes.removeFirst()).done().get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Whether one more write may go now, the writes done meanwhile forgotten; fails if one of them failed. */
    boolean hasRoom() throws InterruptedException, ExecutionException {
        while (!writes.isEmpty() && writes.peekFirst().done().isDone()) {
            forget(writes.removeFirst()).done().get();
        }
        return writes.size() < MAX || (writes.size() < MAX_SMALL && bytes < SMALL_BYTES);
    }

    void add(CompletableFuture<Void> write, long writeBytes) {
        writes.addLast(new Write(write, writeBytes));
        bytes += writeBytes;
    }

    private Write forget(Write write) {
        bytes -= write.bytes();
        return write;
    }
}
