package dev.nectar.ft.transfer;

import dev.nectar.ft.vfs.Drive;
import dev.nectar.ft.wire.ErrorReply;
import dev.nectar.ft.wire.FileInfo;
import dev.nectar.ft.wire.TransferRequest;
import dev.nectar.ft.wire.TransferResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public drive's listing as peers see it, kept while it is current. Walking a drive of 10,000 files costs
 * a few hundred milliseconds of stat calls, and a peer browsing while transfers run should not wait for that.
 * A file added, removed or renamed changes its folder's time, so the listing is walked again at once when any
 * folder's time changed (a handful of stat calls tell); sizes of files changed in place are caught by a walk in
 * the background when the listing is older than {@link #FRESH_NANOS}, meanwhile the last listing is answered.
 * Not every second: with a peer browsing all the time, walking 10,000 files once a second took 7-21 % of the
 * sending node's CPU samples during a transfer (async-profiler, 2 s windows). A listing larger than a peer accepts
 * in one message (some 100,000 files) is answered with an error that says so: sent as it is, it would make the
 * peer close the link, and every transfer on it.
 */
final class ListingCache {
    private static final Logger LOG = LoggerFactory.getLogger(ListingCache.class);
    static final long FRESH_NANOS = 5_000_000_000L;
    private static final byte[] UNCHANGED = new TransferResponse.ListingUnchanged().encode();

    /** A listing, encoded once for every peer that asks until the next walk; never modified. */
    private record Snapshot(byte[] encoded, String version, Map<Path, FileTime> folders, long takenNanos) {}

    private final Drive drive;
    private final int maxAnswerBytes;
    private final AtomicBoolean walking = new AtomicBoolean();
    private volatile Snapshot latest;

    /** {@code maxAnswerBytes}: the largest message body a peer accepts. */
    ListingCache(Drive drive, int maxAnswerBytes) {
        this.drive = drive;
        this.maxAnswerBytes = maxAnswerBytes;
    }

    /**
     * The encoded answer to a {@code ListFiles}: the listing, or {@code ListingUnchanged} when the asker already
     * has this version of it.
     */
    byte[] answer(TransferRequest.ListFiles request) throws IOException {
        Snapshot snapshot = current();
        return snapshot.version().equals(request.unless()) ? UNCHANGED : snapshot.encoded();
    }

    private Snapshot current() throws IOException {
        Snapshot snapshot = latest;
        if (snapshot == null || foldersChanged(snapshot)) {
            return walk();
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
        return snapshot;
    }

    private static boolean foldersChanged(Snapshot snapshot) {
        for (Map.Entry<Path, FileTime> folder : snapshot.folders().entrySet()) {
            try {
                if (!Files.getLastModifiedTime(folder.getKey(), LinkOption.NOFOLLOW_LINKS).equals(folder.getValue())) {
                    return true;
                }
            } catch (IOException gone) {
                return true;
            }
        }
        return false;
    }

    private Snapshot walk() throws IOException {
        long started = System.nanoTime();
        // Each folder's time is read before its entries: a change during the walk makes the next asker walk again.
        Drive.Listing listing = drive.listWithFolderTimes();
        List<FileInfo> files = listing.files().stream().map(entry -> new FileInfo(entry.name(), entry.size())).toList();
        byte[] encoded = TransferResponse.ListFiles.encode(files, maxAnswerBytes).orElseGet(() -> tooLarge(files.size()));
        String version = TransferResponse.ListFiles.versionOf(encoded);
        Snapshot snapshot = new Snapshot(encoded, version, listing.folderTimes(), started);
        latest = snapshot;
        return snapshot;
    }

    private byte[] tooLarge(int files) {
        String reason = String.format(Locale.ROOT, "the drive lists %,d files, more than one answer carries (%,d bytes)", files, maxAnswerBytes);
        LOG.warn("answering ListFiles with an error: {}", reason);
        return new ErrorReply(ErrorReply.TOO_LARGE, reason).encode();
    }
}
