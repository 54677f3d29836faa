package dev.nectar.ft.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One name made or moved in a folder at a time: every move to a final name ({@link FilePlacement}) and every small
 * file's partial file ({@link LandingGroup}) takes its folder's lock here. The kernel holds a folder's lock while it
 * adds a name there, and a thread that finds it held spins while the holder runs (Linux's rw-semaphores do). Several
 * workers land a folder's small files at once; on ext4 without a journal, which scans past every recently deleted
 * inode to make a new one, a fifth of the receiving node's CPU went to that spinning (docs/benchmarks.md). A thread
 * waiting here parks instead, and the kernel serializes a folder's names anyway. The locks are striped by the
 * folder's path: a fixed few, whatever the number of folders.
 */
final class FolderLocks {
    /** A change of names in one folder. */
    @FunctionalInterface
    interface NameChange<T> {
        T run() throws IOException;
    }

    private static final int STRIPES = 64;
    private static final ReentrantLock[] LOCKS = new ReentrantLock[STRIPES];

    static {
        for (int i = 0; i < STRIPES; i++) {
            LOCKS[i] = new ReentrantLock();
        }
    }

    private FolderLocks() {}

    /** Runs {@code change} holding {@code folder}'s lock. */
    static <T> T inFolder(Path folder, NameChange<T> change) throws IOException {
        ReentrantLock lock = LOCKS[stripeOf(folder)];
        lock.lock();
        try {
            return change.run();
        } finally {
            lock.unlock();
        }
    }

    /** Which of the locks is {@code folder}'s. */
    static int stripeOf(Path folder) {
        return Math.floorMod(folder.hashCode(), STRIPES);
    }
}
