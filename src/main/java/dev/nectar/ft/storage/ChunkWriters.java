package dev.nectar.ft.storage;

import dev.nectar.ft.home.Fsync;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Threads that write a chunk to its partial file while the receiving worker that got it checks its hash. On two
 * cores a warm 1 GiB download spent about 0.7 s per GiB hashing and 0.95 s waiting for its direct writes, one after
 * the other on the worker: done at once, the worker's share of a chunk is the longer of the two.
 *
 * <p>Platform threads, as for {@link Fsync}: a virtual thread blocked in a file write holds its
 * carrier. No queue: a write goes to an idle thread, or a new one up to {@link #THREADS}; with all of them busy the
 * worker writes the chunk itself, after its hash, as before.
 */
final class ChunkWriters {
    /** As many as downloads that write at once, commonly; more would each hold a thread for a chunk at a time. */
    private static final int THREADS = 8;
    private static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(0, THREADS, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), Thread.ofPlatform().daemon().name("chunk-writer-", 0).factory(),
            new ThreadPoolExecutor.CallerRunsPolicy());

    private ChunkWriters() {}

    /** Starts {@code write} on a writer thread, or runs it here if every one is busy. */
    static Future<?> start(Fsync.IoAction write) {
        return POOL.submit(() -> {
            write.run();
            return null;
        });
    }

    /**
     * Waits for {@code writing} to end, through interrupts too (the chunk's buffer must not be given back while a
     * thread still writes from it; the interrupt is kept for the caller), and throws what the write threw.
     */
    static void await(Future<?> writing) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    writing.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    switch (e.getCause()) {
                        case IOException io -> throw io;
                        case RuntimeException runtime -> throw runtime;
                        case Error error -> throw error;
                        default -> throw new IOException(e.getCause());
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
