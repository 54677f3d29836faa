package dev.nectar.ft.transfer;

import dev.nectar.ft.vfs.Drive;
import dev.nectar.ft.wire.ErrorReply;
import dev.nectar.ft.wire.FileManifest;
import dev.nectar.ft.wire.FolderInfo;
import dev.nectar.ft.wire.TransferRequest;
import dev.nectar.ft.wire.TransferResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public drive's listing as peers see it, kept while it is current. Walking a drive of 10,000 files costs
 * a few hundred milliseconds of stat calls, and a peer browsing while transfers run should not wait for that.
 * A file added, removed or renamed changes its folder's time, so the listing is walked again at once when any
 * folder's time changed (a handful of stat calls tell); sizes of files changed in place are caught by a walk in
 * the background when the listing is older than {@link #FRESH_NANOS} (or ten walks' time, for a huge drive),
 * meanwhile the last listing is answered. Not every second: with a peer browsing all the time, walking 10,000
 * files once a second took 7-21 % of the sending node's CPU samples during a transfer (async-profiler, 2 s windows).
 * <p>
 * A listing that fits one message is answered as the seed's one {@code ListFiles}; a larger one, and any listing of
 * a folder, in pages. A page names the version it belongs to, and the next page is answered from that version
 * while this node holds it: the latest and the one before, so a drive that changes once while a peer pages through
 * it does not make the peer start again (while no other walk begins meanwhile).
 */
final class ListingCache {
    private static final Logger LOG = LoggerFactory.getLogger(ListingCache.class);
    static final long FRESH_NANOS = 5_000_000_000L;
    private static final byte[] UNCHANGED = new TransferResponse.ListingUnchanged().encode();
    /** Pages of about this many bytes: some 20,000 entries, the first shown to a person in a blink. */
    private static final int PAGE_BYTES = 1 << 20;

    /**
     * A listing, with its one message if it fits one, for every peer that asks until the next walk; never modified.
     * {@code wholeVersion} is the version of the seed's one message, which lists files only (a peer that kept it asks
     * "unless" that); {@code version}, which pages name, is that one unless the drive has empty folders, which a page
     * may list: then it covers them too, so that two walks that page differently never share a version.
     */
    private record Snapshot(DriveListing files, String version, String wholeVersion, byte[] whole, Map<Path, FileTime> folders,
                            long takenNanos, long walkNanos) {}

    private final Drive drive;
    private final int maxAnswerBytes;
    private final int pageBytes;
    private final Runnable changed;
    private final AtomicBoolean walking = new AtomicBoolean();
    private volatile Snapshot latest;
    private volatile Snapshot previous;

    /**
     * {@code maxAnswerBytes}: the largest message body a peer accepts; {@code changed}: told (on the walking thread)
     * when a walk lists the drive other than the walk before it did, the first walk too.
     */
    ListingCache(Drive drive, int maxAnswerBytes, Runnable changed) {
        this(drive, maxAnswerBytes, Math.min(PAGE_BYTES, maxAnswerBytes / 2), changed);
    }

    /** {@code pageBytes}: where a page stops, below {@code maxAnswerBytes} by more than one entry's bytes. */
    ListingCache(Drive drive, int maxAnswerBytes, int pageBytes, Runnable changed) {
        this.drive = drive;
        this.maxAnswerBytes = maxAnswerBytes;
        this.pageBytes = pageBytes;
        this.changed = changed;
    }

    /**
     * The encoded answer to a {@code ListFiles}: the whole listing, {@code ListingUnchanged} when the asker already
     * has this version of it, a page of it, or an error that says why not.
     */
    byte[] answer(TransferRequest.ListFiles request) throws IOException {
        Snapshot snapshot;
        if (request.version() != null) {
            Optional<Snapshot> held = held(request.version());
            if (held.isEmpty()) {
                return new ErrorReply(ErrorReply.LISTING_CHANGED, "the drive changed since this listing began; list it again").encode();
            }
            snapshot = held.get();
        } else {
            try {
                snapshot = current();
            } catch (IllegalStateException tooLarge) {
                return new ErrorReply(ErrorReply.TOO_LARGE, tooLarge.getMessage()).encode();
            }
        }
        if (request.folder() == null && snapshot.wholeVersion().equals(request.unless())) {
            return UNCHANGED;
        }
        if (request.wholeDrive() && snapshot.whole() != null) {
            return snapshot.whole();
        }
        return page(snapshot, request);
    }

    private Optional<Snapshot> held(String version) {
        Snapshot newest = latest;
        if (newest != null && newest.version().equals(version)) {
            return Optional.of(newest);
        }
        Snapshot before = previous;
        return before != null && before.version().equals(version) ? Optional.of(before) : Optional.empty();
    }

    /**
     * The page of {@code request}'s folder that starts at its {@code from}. The files of a folder, or the file of
     * that name, form one range of the sorted listing; a listing of one level turns each folder below into one
     * entry that spans the folder's range.
     */
    private byte[] page(Snapshot snapshot, TransferRequest.ListFiles request) {
        DriveListing files = snapshot.files();
        String folder = request.folder() == null ? "" : request.folder();
        int start;
        int end;
        String prefix = folder.isEmpty() ? "" : folder + "/";
        int exact = request.oneLevel() || folder.isEmpty() ? files.count() : files.firstNotBefore(folder);
        if (exact < files.count() && files.name(exact).equals(folder)) {
            start = exact;
            end = exact + 1;
        } else {
            start = files.firstNotBefore(prefix);
            end = folder.isEmpty() ? files.count() : files.firstNotBefore(folder + "0");
        }
        int from = request.version() != null ? request.from() : request.after() == null ? start : firstAfter(files, request.after(), start, end);
        if (from < start || from > end) {
            return new ErrorReply(ErrorReply.BAD_REQUEST, "entry " + from + " is not in this listing of '" + folder + "'").encode();
        }
        TransferResponse.ListPage.Writer page = new TransferResponse.ListPage.Writer(snapshot.version());
        int next = from;
        while (next < end && page.size() < pageBytes) {
            if (!request.oneLevel()) {
                if (!files.isFolder(next)) {
                    files.write(next, page::file);
                } else if (request.emptyFolders()) {
                    String name = files.name(next);
                    page.entry(FolderInfo.empty(name.substring(0, name.length() - 1)));
                }
                next++;
                continue;
            }
            String rest = files.name(next).substring(prefix.length());
            int slash = rest.indexOf('/');
            if (rest.isEmpty()) {
                // The folder listed is itself empty: named, if asked, so that it is told from a folder that is not there.
                if (request.emptyFolders()) {
                    page.entry(FolderInfo.empty(folder));
                }
                next++;
            } else if (slash < 0) {
                files.write(next++, page::file);
            } else {
                String below = prefix + rest.substring(0, slash);
                int belowEnd = Math.min(end, files.firstNotBefore(below + "0"));
                int belowFiles = files.filesBetween(next, belowEnd);
                if (belowFiles > 0 || request.emptyFolders()) {
                    page.entry(new FolderInfo(below, belowFiles, files.bytesBetween(next, belowEnd)));
                }
                next = belowEnd;
            }
        }
        return page.finish(next == end ? TransferResponse.ListPage.END : next);
    }

    /** The index of the first file in {@code [start, end]} whose name comes after {@code name}. */
    private static int firstAfter(DriveListing files, String name, int start, int end) {
        int at = files.firstNotBefore(name);
        if (at < files.count() && files.name(at).equals(name)) {
            at++;
        }
        return Math.min(end, Math.max(start, at));
    }

    private Snapshot current() throws IOException {
        long asked = System.nanoTime();
        Snapshot snapshot = latest;
        if (snapshot == null || foldersChanged(snapshot)) {
            return walk(asked);
        }
        long age = System.nanoTime() - snapshot.takenNanos();
        if (age > Math.max(FRESH_NANOS, 10 * snapshot.walkNanos()) && walking.compareAndSet(false, true)) {
            Thread.ofVirtual().name("drive-listing").start(() -> {
                try {
                    walk(System.nanoTime());
                } catch (IOException | IllegalStateException e) {
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

    /** A walk begun after {@code asked}, this one or one that ran meanwhile: askers at once share one walk. */
    private synchronized Snapshot walk(long asked) throws IOException {
        Snapshot newest = latest;
        if (newest != null && newest.takenNanos() - asked >= 0) {
            return newest;
        }
        long started = System.nanoTime();
        // Two listings and a third growing would not fit the heap for a drive of a million files: a peer paging the
        // version before the latest starts again if the drive changes once more.
        previous = null;
        DriveListing.Builder builder = new DriveListing.Builder();
        // Each folder's time is read before its entries: a change during the walk makes the next asker walk again.
        Map<Path, FileTime> folders = drive.walkWithEmptyFolders(builder);
        DriveListing files = builder.build();
        TransferResponse.ListFiles.Writer whole = new TransferResponse.ListFiles.Writer(maxAnswerBytes);
        MessageDigest emptyFolders = null;
        for (int i = 0; i < files.count(); i++) {
            if (!files.isFolder(i)) {
                files.write(i, whole::file);
                continue;
            }
            if (emptyFolders == null) {
                emptyFolders = FileManifest.sha256();
            }
            emptyFolders.update(files.name(i).getBytes(StandardCharsets.UTF_8));
        }
        TransferResponse.ListFiles.Encoded encoded = whole.finish();
        String version = encoded.version();
        if (emptyFolders != null) {
            emptyFolders.update(version.getBytes(StandardCharsets.US_ASCII));
            version = HexFormat.of().formatHex(emptyFolders.digest());
        }
        Snapshot snapshot = new Snapshot(files, version, encoded.version(), encoded.bytes(), folders, started, System.nanoTime() - started);
        Snapshot replaced = latest;
        boolean listsOtherwise = replaced == null || !replaced.version().equals(snapshot.version());
        if (replaced != null && listsOtherwise) {
            previous = replaced;
        }
        latest = snapshot;
        if (listsOtherwise) {
            changed.run();
        }
        return snapshot;
    }
}
