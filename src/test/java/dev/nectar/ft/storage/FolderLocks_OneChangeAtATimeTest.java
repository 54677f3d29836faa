package dev.nectar.ft.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Changes of names in one folder take turns; other folders' changes do not wait for them; a failure frees the folder. */
class FolderLocks_OneChangeAtATimeTest {
    @Test
    void changesInOneFolderNeverOverlap() throws Exception {
        Path folder = Path.of("/data/inbox");
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int worker = 0; worker < 8; worker++) {
            workers.add(Thread.ofVirtual().start(() -> {
                for (int change = 0; change < 200; change++) {
                    try {
                        FolderLocks.inFolder(folder, () -> {
                            mostAtOnce.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            Thread.yield();
                            return inside.decrementAndGet();
                        });
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        assertThat(mostAtOnce).hasValue(1);
    }

    @Test
    void aFolderOnAnotherLockChangesWhileOneIsHeld() throws Exception {
        Path held = Path.of("/data/inbox");
        Path other = otherStripeThan(held);
        CountDownLatch heldNow = new CountDownLatch(1);
        CountDownLatch otherChanged = new CountDownLatch(1);
        AtomicBoolean changedWhileHeld = new AtomicBoolean();
        Thread holder = Thread.ofVirtual().start(() -> {
            try {
                FolderLocks.inFolder(held, () -> {
                    heldNow.countDown();
                    changedWhileHeld.set(awaited(otherChanged));
                    return null;
                });
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        heldNow.await();
        FolderLocks.inFolder(other, () -> {
            otherChanged.countDown();
            return null;
        });
        holder.join();
        assertThat(changedWhileHeld).isTrue();
    }

    @Test
    void aFailedChangeLeavesTheFolderFree() throws Exception {
        Path folder = Path.of("/data/inbox");
        assertThatThrownBy(() -> FolderLocks.inFolder(folder, () -> {
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).hasMessage("disk full");
        Thread next = Thread.ofVirtual().start(() -> {
            try {
                FolderLocks.inFolder(folder, () -> null);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        assertThat(next.join(Duration.ofSeconds(10))).isTrue();
    }

    private static boolean awaited(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The first of /data/inbox-1, -2, ... whose lock is not {@code folder}'s. */
    private static Path otherStripeThan(Path folder) {
        for (int i = 1; ; i++) {
            Path candidate = Path.of(folder + "-" + i);
            if (FolderLocks.stripeOf(candidate) != FolderLocks.stripeOf(folder)) {
                return candidate;
            }
        }
    }
}
