package dev.nectar.ft.transfer;

import dev.nectar.ft.vfs.Drive;
import dev.nectar.ft.wire.FileInfo;
import dev.nectar.ft.wire.TransferResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public drive's listing as peers see it, kept for a moment. Walking a drive of 10,000 files costs a few
 * hundred milliseconds of stat calls, and a peer browsing while transfers run should not wait for that: a
 * listing older than {@link #FRESH_NANOS} is answered as it is while a new walk runs in the background, so a
 * peer sees a change at most about a second late. Only the first asker waits for a walk.
 */
final class ListingCache {
    private static final Logger LOG = LoggerFactory.getLogger(ListingCache.class);
    static final long FRESH_NANOS = 1_000_000_000L;

    private record Snapshot(TransferResponse.ListFiles listing, long takenNanos) {}

    private final Drive drive;
    private final AtomicBoolean walking = new AtomicBoolean();
    private volatile Snapshot latest;

    ListingCache(Drive drive) {
        this.drive = drive;
    }

    TransferResponse.ListFiles listing() throws IOException {
        Snapshot snapshot = latest;
        if (snapshot == null) {
            return walk().listing();
        }
        if (System.nanoTime() - snapshot.takenNanos() > FRESH_NANOS && walking.compareAndSet(false, true)) {
            Thread.ofVirtual().name("drive-listing").start(() -> {
                try {
                    walk();
                } catch (IOException e) {
                    LOG.warn("cannot list the public drive: {}", e.getMessage());
                } finally {
                    walking.set(false);
                }
            });
        }
        return snapshot.listing();
    }

    private Snapshot walk() throws IOException {
        long started = System.nanoTime();
        Snapshot snapshot = new Snapshot(new TransferResponse.ListFiles(drive.list().stream()
                .map(entry -> new FileInfo(entry.name(), entry.size()))
                .toList()), started);
        latest = snapshot;
        return snapshot;
    }
}
