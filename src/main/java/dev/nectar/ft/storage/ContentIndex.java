package dev.nectar.ft.storage;

import dev.nectar.ft.vfs.Drive;
import dev.nectar.ft.vfs.PathRefusedException;
import dev.nectar.ft.wire.FileManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which file of the public drive has a given file hash, so that a node can serve a swarm the chunks of a file it
 * holds under any name. Built from the hash index ({@link ManifestCache}) by a background scan, one file at a
 * time, and kept current by the downloads that land in the drive; an entry is checked against the file (size and
 * modification time) each time it is used, and dropped if it no longer matches. The scan hashes the files the hash
 * index does not know yet, so it is also what hashes a file ahead of its first download: besides its interval, it
 * runs {@linkplain #scanSoon soon after the drive changed}.
 *
 * <p>Only files from {@link #MIN_BYTES} on are indexed: their manifests are kept on disk, so a scan after a restart
 * reads them instead of hashing again, and smaller files take less time to fetch from the origin than to find
 * elsewhere. At most {@link #MAX_ENTRIES} entries, each its hash and its name (about 200 bytes).
 */
public final class ContentIndex implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ContentIndex.class);
    public static final long MIN_BYTES = ManifestCache.PERSIST_FROM_BYTES;
    static final int MAX_ENTRIES = 100_000;
    /** After a scan, an early one waits this many times as long as that scan took (never longer than the interval). */
    static final int REST_PER_SCAN = 10;

    /** A complete file of the drive and its manifest (named as the drive names it). */
    public record Held(String name, Path path, FileManifest manifest) {}

    private record Entry(String name, long size, long mtimeMillis) {}

    private final Drive drive;
    private final ManifestCache manifests;
    private final Map<String, Entry> byHash = new HashMap<>();
    /** Asks for an early scan; a permit or two, however often asked, since one scan answers them all. */
    private final Semaphore wake = new Semaphore(0);
    private Thread scanner;

    public ContentIndex(Drive drive, ManifestCache manifests) {
        this.drive = drive;
        this.manifests = manifests;
    }

    /**
     * Scans the drive now and then every {@code interval}, or {@linkplain #scanSoon sooner}, on a background thread,
     * until closed.
     */
    public ContentIndex scanEvery(Duration interval) {
        long intervalNanos = interval.toNanos();
        scanner = Thread.ofVirtual().name("content-index").start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    long started = System.nanoTime();
                    scan();
                    // A drive that changes all the time while peers list it is not walked back to back: a scan of a
                    // huge drive, or one that hashed a large file, rests ten times as long before an early one.
                    long rest = Math.min(REST_PER_SCAN * (System.nanoTime() - started), intervalNanos);
                    TimeUnit.NANOSECONDS.sleep(rest);
                    if (wake.tryAcquire(intervalNanos - rest, TimeUnit.NANOSECONDS)) {
                        wake.drainPermits();
                    }
                }
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
            }
        });
        return this;
    }

    /**
     * Scans again soon rather than at the next interval: the drive changed, and a peer that just listed it may download
     * a file the hash index does not know yet. Hashed now, in the background, that file's first download starts at
     * once instead of waiting for the sender to read it through (half a second a gigabyte here).
     */
    public void scanSoon() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    /**
     * Indexes every large enough file of the drive, hashing those the hash index does not know yet, as the walk finds
     * them: a list of a drive of a million files would not fit the node's heap.
     */
    public void scan() throws InterruptedException {
        try {
            drive.walk(entry -> {
                if (Thread.currentThread().isInterrupted()) {
                    throw new Stopped();
                }
                if (entry.size() >= MIN_BYTES) {
                    try {
                        add(manifests.manifestOf(entry.name(), drive.resolve(entry.name())));
                    } catch (IOException | PathRefusedException e) {
                        LOG.debug("not indexed: {}: {}", entry.name(), e.getMessage());
                    }
                }
            });
        } catch (Stopped stopped) {
            throw new InterruptedException();
        } catch (IOException e) {
            LOG.warn("cannot scan the public drive for its file hashes: {}", e.getMessage());
        }
    }

    /** Ends a walk from inside it when the scanner is told to stop. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    /** Records that the drive holds the file of {@code manifest} under its name. */
    public void add(FileManifest manifest) {
        if (manifest.size() < MIN_BYTES) {
            return;
        }
        synchronized (byHash) {
            if (byHash.size() < MAX_ENTRIES || byHash.containsKey(manifest.fileHash())) {
                byHash.put(manifest.fileHash(), new Entry(manifest.name(), manifest.size(), manifest.mtimeMillis()));
            }
        }
    }

    /**
     * The file of the drive with this file hash, if it still is what was indexed (same size and modification
     * time, so its manifest comes from the hash index at once: a changed file is never hashed here).
     */
    public Optional<Held> find(String fileHash) {
        Entry entry;
        synchronized (byHash) {
            entry = byHash.get(fileHash);
        }
        if (entry == null) {
            return Optional.empty();
        }
        try {
            Path path = drive.resolve(entry.name());
            BasicFileAttributes now = Files.readAttributes(path, BasicFileAttributes.class);
            if (now.isRegularFile() && now.size() == entry.size() && now.lastModifiedTime().toMillis() == entry.mtimeMillis()) {
                FileManifest manifest = manifests.manifestOf(entry.name(), path);
                if (manifest.fileHash().equals(fileHash)) {
                    return Optional.of(new Held(entry.name(), path, manifest));
                }
            }
        } catch (IOException | PathRefusedException gone) {
            LOG.debug("{} left the drive: {}", entry.name(), gone.getMessage());
        }
        synchronized (byHash) {
            byHash.remove(fileHash, entry);
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        if (scanner != null) {
            scanner.interrupt();
        }
    }
}
