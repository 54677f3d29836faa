package dev.nectar.ft.storage;

import dev.nectar.ft.home.AtomicFile;
import dev.nectar.ft.home.Fsync;
import dev.nectar.ft.vfs.Drive;
import dev.nectar.ft.wire.FileManifest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Small files received whole, landing together: each is written to its partial file; then the group makes them
 * durable at once, places each under its name and makes the names durable. A file is reported landed only after its
 * name is durable. A file whose name is taken by the same bytes (landed before a crash that came before its journal
 * went, or asked for again) lands there as it is. Files are known by the caller's number.
 *
 * <p>Where Linux's {@code syncfs} is there and honoured ({@link Fsync#syncsWhole}: local disk file systems), both steps
 * are one call per file system: a group of files then costs two disk flushes, not an fsync per file and one per folder
 * (measured in groups of 128: 9,700-13,200 files/s against 6,400-8,800 from 64 fsync threads, with a fifth to a half
 * of the kernel's CPU; a flush costs the same for any group, so larger groups go faster still). Elsewhere each file
 * is fsynced in the background as it is written, and each folder once.
 */
public final class LandingGroup {
    /** A partial file is made, or written over from its start when a crash left one. */
    private static final Set<StandardOpenOption> PARTIAL_OPTIONS =
            Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);

    /** A file written to its partial file; its fsync running where its file system is not synced whole, else null. */
    private record Written(int file, Path target, Path partial, FileManifest manifest, boolean overwrite,
                           CompletableFuture<Void> synced) {}

    /** How one file of the group ended: landed at a path with its size, or failed to be written or placed at its target. */
    public record Outcome(int file, Path target, Path landedAt, long size, IOException failure) {
        public boolean landed() {
            return landedAt != null;
        }
    }

    private final Predicate<Path> syncsWhole;
    /** Each folder written to, and whether its file system is synced whole. */
    private final Map<Path, Boolean> folders = new HashMap<>();
    private final List<Written> written = new ArrayList<>();
    private long writtenBytes;
    private long firstWrittenNanos;
    /** One digest checks every file of the group. */
    private final MessageDigest digest = FileManifest.sha256();

    public LandingGroup() {
        this(Fsync::syncsWhole);
    }

    /** A group that syncs whole the file systems of the folders {@code syncsWhole} accepts; tests choose. */
    LandingGroup(Predicate<Path> syncsWhole) {
        this.syncsWhole = syncsWhole;
    }

    public int size() {
        return written.size();
    }

    /** The bytes of the files written since the last landing. */
    public long bytes() {
        return writtenBytes;
    }

    /** How long the oldest file written since the last landing has waited to land; zero if none has. */
    public long waitingNanos() {
        return written.isEmpty() ? 0 : System.nanoTime() - firstWrittenNanos;
    }

    /**
     * Writes file {@code file}, whose bytes are all of {@code bytes}, to the partial file of {@code target} (and starts
     * its fsync where its file system is not synced whole); false, writing nothing, if the bytes are not the manifest's
     * one chunk.
     */
    public boolean add(int file, Path target, FileManifest manifest, ByteBuffer bytes, boolean overwrite) throws IOException {
        if (manifest.chunkCount() > 1 || manifest.size() != bytes.remaining() || manifest.size() > 0 && !manifest.chunkMatches(0, bytes, digest)) {
            return false;
        }
        Path partial = Drive.partialPathOf(target);
        try (FileChannel channel = openPartial(partial)) {
            ByteBuffer remaining = bytes.duplicate();
            while (remaining.hasRemaining()) {
                channel.write(remaining);
            }
            // The sender's time goes with the bytes, durable with them: a file never shows its name with another time.
            ModifiedTime.set(partial, manifest.mtimeMillis());
        } catch (IOException e) {
            PartialFile.discard(partial);
            throw e;
        }
        boolean whole = folders.computeIfAbsent(partial.getParent(), syncsWhole::test);
        if (written.isEmpty()) {
            firstWrittenNanos = System.nanoTime();
        }
        written.add(new Written(file, target, partial, manifest, overwrite, whole ? null : Fsync.fileLater(partial)));
        writtenBytes += manifest.size();
        return true;
    }

    /** The folders among {@code candidates} whose file systems are synced whole, each once. */
    private List<Path> wholeSynced(Stream<Path> candidates) {
        return candidates.distinct().filter(folder -> folders.getOrDefault(folder, false)).toList();
    }

    /**
     * Opens a partial file, making its folder first if it has none: once per folder, not a mkdir per file. Made under
     * its folder's lock, as its name is placed: the other workers landing in the same folder wait parked.
     */
    private static FileChannel openPartial(Path partial) throws IOException {
        return FolderLocks.inFolder(partial.getParent(), () -> {
            try {
                return FileChannel.open(partial, PARTIAL_OPTIONS);
            } catch (NoSuchFileException noFolder) {
                Files.createDirectories(partial.getParent());
                return FileChannel.open(partial, PARTIAL_OPTIONS);
            }
        });
    }

    /**
     * Lands every file written since the last call whose number {@code stillWanted} accepts (the others' partial
     * files go): makes them durable, places each, makes the names durable.
     */
    public List<Outcome> land(IntPredicate stillWanted) {
        List<Outcome> outcomes = new ArrayList<>();
        Map<Path, IOException> unsynced = Fsync.fileSystemsOf(wholeSynced(written.stream().map(file -> file.partial().getParent())));
        Map<Path, List<Outcome>> byFolder = new LinkedHashMap<>();
        for (Written file : written) {
            try {
                IOException notDurable = unsynced.get(file.partial().getParent());
                if (notDurable != null) {
                    throw notDurable;
                }
                if (file.synced() != null) {
                    Fsync.awaitAll(List.of(file.synced()));
                }
                if (!stillWanted.test(file.file())) {
                    PartialFile.discard(file.partial());
                    continue;
                }
                Path at = FilePlacement.placeUnsynced(file.partial(), file.target(), file.overwrite(),
                        taken -> IncomingFile.holds(taken, file.manifest()));
                byFolder.computeIfAbsent(at.getParent(), folder -> new ArrayList<>()).add(new Outcome(file.file(), file.target(), at, file.manifest().size(), null));
            } catch (IOException e) {
                PartialFile.discard(file.partial());
                outcomes.add(new Outcome(file.file(), file.target(), null, 0, e));
            }
        }
        written.clear();
        writtenBytes = 0;
        Map<Path, IOException> unnamed = Fsync.fileSystemsOf(wholeSynced(byFolder.keySet().stream()));
        for (Map.Entry<Path, List<Outcome>> folder : byFolder.entrySet()) {
            try {
                if (unnamed.containsKey(folder.getKey())) {
                    throw unnamed.get(folder.getKey());
                }
                if (!folders.getOrDefault(folder.getKey(), false)) {
                    AtomicFile.syncDirectory(folder.getKey());
                }
                outcomes.addAll(folder.getValue());
            } catch (IOException e) {
                for (Outcome file : folder.getValue()) {
                    outcomes.add(new Outcome(file.file(), file.target(), null, 0, e));
                }
            }
        }
        return outcomes;
    }
}
