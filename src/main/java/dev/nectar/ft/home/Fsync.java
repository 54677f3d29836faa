package dev.nectar.ft.home;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * fsync on platform threads. A virtual thread blocked in {@code force()} holds its carrier, and there are only
 * as many carriers as cores: measured on a 2-core machine, 500 small downloads reached ~110 files/s with fsync
 * on virtual threads against ~3,500 fsynced files/s that the same disk takes from 32 threads.
 */
public final class Fsync {
    private static final int THREADS = 64;
    /** Syncs waiting for a thread: enough for every batch worker's group; each holds a path, not an open file. */
    private static final int MAX_WAITING = 16_384;
    private static final ExecutorService POOL = pool();

    private static ExecutorService pool() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(MAX_WAITING), Thread.ofPlatform().daemon().name("fsync-", 0).factory(),
                // All threads busy and the queue full: the caller syncs itself rather than queueing without bound.
                new ThreadPoolExecutor.CallerRunsPolicy());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private Fsync() {}

    /** Forces the content and metadata of an open file to the disk. */
    public static void force(FileChannel channel) throws IOException {
        run(() -> channel.force(true));
    }

    /**
     * Forces an open file to the disk, then runs {@code after}, both on a sync thread, so that the caller goes
     * on working meanwhile. The future fails with the {@link IOException} of either step.
     */
    public static CompletableFuture<Void> forceThen(FileChannel channel, IoAction after) {
        return CompletableFuture.runAsync(unchecked(() -> {
            channel.force(true);
            after.run();
        }), POOL);
    }

    /**
     * Forces a written and closed file to the disk on a sync thread; the future fails with its {@link IOException}.
     * Reopening costs far less than the sync, and no file stays open while the sync waits for a thread.
     */
    public static CompletableFuture<Void> fileLater(Path file) {
        return CompletableFuture.runAsync(unchecked(() -> {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        }), POOL);
    }

    /** Waits for every one of {@code syncs}, then fails with the first failure among them, if any. */
    public static void awaitAll(List<CompletableFuture<Void>> syncs) throws IOException {
        IOException first = null;
        for (CompletableFuture<Void> sync : syncs) {
            try {
                sync.join();
            } catch (CompletionException e) {
                IOException failure = e.getCause() instanceof UncheckedIOException io ? io.getCause() : new IOException(e.getCause());
                if (first == null) {
                    first = failure;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** A step that may fail with an {@link IOException}. */
    @FunctionalInterface
    public interface IoAction {
        void run() throws IOException;
    }

    /**
     * Local disk file systems whose {@code syncfs} writes back and flushes everything, as an fsync of each file would.
     * Not network or FUSE file systems: there an fsync reaches the server, and a syncfs may not.
     */
    private static final Set<String> SYNCED_WHOLE = Set.of("ext2", "ext3", "ext4", "xfs", "btrfs", "f2fs", "tmpfs");

    /**
     * True if {@link #fileSystemsOf} makes what is written under {@code folder} (which exists) durable: where Linux's
     * {@code syncfs} is there and the folder is on one of the local disk file systems known to honour it.
     */
    public static boolean syncsWhole(Path folder) {
        if (SyncfsCall.BOUND.isEmpty()) {
            return false;
        }
        try {
            return SYNCED_WHOLE.contains(Files.getFileStore(folder).type());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Makes everything written to the file systems that hold {@code paths} (files or folders) durable, new and renamed
     * entries included: one {@code syncfs} per file system, where an fsync per file would cost a disk flush each. Only
     * for paths {@link #syncsWhole} accepts. Answers the paths whose file system was not synced, with why (a path that is
     * gone, a file system that failed); the others are durable.
     */
    public static Map<Path, IOException> fileSystemsOf(Collection<Path> paths) {
        Map<Path, IOException> failed = new HashMap<>();
        Map<Object, List<Path>> byDevice = new HashMap<>();
        for (Path path : paths) {
            try {
                byDevice.computeIfAbsent(Files.getAttribute(path, "unix:dev"), device -> new ArrayList<>()).add(path);
            } catch (IOException e) {
                failed.put(path, e);
            }
        }
        for (List<Path> onIt : byDevice.values()) {
            try {
                SyncfsCall call = SyncfsCall.BOUND.orElseThrow(() -> new IOException("this system has no syncfs"));
                run(() -> call.sync(onIt.getFirst()));
            } catch (IOException e) {
                onIt.forEach(path -> failed.put(path, e));
            }
        }
        return failed;
    }

    /** Makes a new or renamed entry in {@code directory} durable. */
    public static void directory(Path directory) throws IOException {
        if (!directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        run(() -> {
            try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
                channel.force(true);
            }
        });
    }

    /** {@code action} as a task for the pool: its {@link IOException} travels as an {@link UncheckedIOException}. */
    private static Runnable unchecked(IoAction action) {
        return () -> {
            try {
                action.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** Runs {@code sync} on a sync thread and waits for it; its {@link IOException} is thrown here. */
    private static void run(IoAction sync) throws IOException {
        Future<?> done = POOL.submit(unchecked(sync));
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while syncing to disk", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IOException(e.getCause());
        }
    }
}
