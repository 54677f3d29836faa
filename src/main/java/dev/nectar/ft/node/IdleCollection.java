package dev.nectar.ft.node;

import dev.nectar.ft.transfer.TransferRegistry;
import dev.nectar.ft.wire.TransferStatus;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A full collection once the node is idle after a burst of transfers. The serial collector promotes some of each
 * small file's short-lived objects and grows the old generation to hold them rather than collect it: each folder of
 * 10,000 files raised a receiving node's peak RSS by 20-40 MiB, up to the 300 MiB bound after three, while a full
 * collection found 32 MB live (docs/benchmarks.md). Collected between bursts, the old generation starts each one
 * compact: 259 MiB after three folders. It runs only when nothing transfers, {@link #QUIET} after the last transfer
 * ended, so the pause (some 100 ms) holds up no transfer; a single large file does not count as a burst, since it
 * leaves little behind.
 */
final class IdleCollection implements AutoCloseable {
    /** Transfers ended since the last collection that make a burst. */
    static final int BURST = 1_000;
    /**
     * Long enough that a queue's next transfer, which starts within milliseconds, puts the collection off; short enough
     * to fall between one download and the next a script asks for: with two seconds, the bench's next download always
     * came first, no collection ran between its four folders, and the peak RSS reached 294-304 MiB (269 with this).
     */
    static final Duration QUIET = Duration.ofMillis(500);

    private final TransferRegistry registry;
    private final Consumer<Runnable> later;
    private final Runnable collect;
    private final TransferRegistry.Subscription subscription;
    private final Runnable stop;
    private int ended;
    private boolean pending;

    /**
     * @param later   runs a task {@link #QUIET} from now
     * @param collect the collection
     * @param stop    stops what {@code later} uses
     */
    IdleCollection(TransferRegistry registry, Consumer<Runnable> later, Runnable collect, Runnable stop) {
        this.registry = registry;
        this.later = later;
        this.collect = collect;
        this.stop = stop;
        this.subscription = registry.subscribe(this::changed);
    }

    /** The node's: {@code System.gc()} from a timer thread of its own. */
    static IdleCollection of(TransferRegistry registry) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("idle-collection").factory());
        return new IdleCollection(registry, task -> timer.schedule(task, QUIET.toMillis(), TimeUnit.MILLISECONDS),
                System::gc, timer::shutdownNow);
    }

    private void changed(TransferStatus status) {
        synchronized (this) {
            ended += status.isFinished() ? 1 : 0;
            if (ended < BURST || pending || !registry.idle()) {
                return;
            }
            pending = true;
        }
        later.accept(this::collectIfStillIdle);
    }

    private void collectIfStillIdle() {
        synchronized (this) {
            pending = false;
            if (!registry.idle()) {
                return;
            }
            ended = 0;
        }
        collect.run();
    }

    @Override
    public void close() {
        subscription.close();
        stop.run();
    }
}
