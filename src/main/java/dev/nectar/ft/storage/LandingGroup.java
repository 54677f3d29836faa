package dev.nectar.ft.storage;

import dev.nectar.ft.home.AtomicFile;
import dev.nectar.ft.home.Fsync;
import dev.nectar.ft.vfs.Drive;
import dev.nectar.ft.wire.FileManifest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntPredicate;

/**
 * Small files received whole, landing together: each is written to its partial file and fsynced in the
 * background; then the group waits once for those syncs, places each file under its name and syncs each folder
 * once. A file is reported landed only after its folder is durable. Files are known by the caller's number.
 */
public final class LandingGroup {
    /** A file written to its partial file, its fsync running. */
    private record Written(int file, Path target, Path partial, FileManifest manifest, boolean overwrite,
                           CompletableFuture<Void> synced) {}

    /** How one file of the group ended: landed at a path with its size, or failed to be written or placed at its target. */
    public record Outcome(int file, Path target, Path landedAt, long size, IOException failure) {
        public boolean landed() {
            return landedAt != null;
        }
    }

    private final List<Written> written = new ArrayList<>();

    public int size() {
        return written.size();
    }

    /**
     * Writes file {@code file}, whose bytes are all of {@code bytes}, to the partial file of {@code target} and starts
     * its fsync; false, writing nothing, if the bytes are not the manifest's one chunk.
     */
    public boolean add(int file, Path target, FileManifest manifest, ByteBuffer bytes, boolean overwrite) throws IOException {
        if (manifest.chunkCount() > 1 || manifest.size() != bytes.remaining() || manifest.size() > 0 && !manifest.chunkMatches(0, bytes)) {
            return false;
        }
        Path partial = Drive.partialPathOf(target);
        try {
            Files.createDirectories(target.getParent());
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ByteBuffer remaining = bytes.duplicate();
                while (remaining.hasRemaining()) {
                    channel.write(remaining);
                }
            }
        } catch (IOException e) {
            PartialFile.discard(partial);
            throw e;
        }
        written.add(new Written(file, target, partial, manifest, overwrite, Fsync.fileLater(partial)));
        return true;
    }

    /**
     * Lands every file written since the last call whose number {@code stillWanted} accepts (the others' partial
     * files go): waits for their fsyncs, places each, syncs each folder once.
     */
    public List<Outcome> land(IntPredicate stillWanted) {
        List<Outcome> outcomes = new ArrayList<>();
        Map<Path, List<Outcome>> byFolder = new LinkedHashMap<>();
        for (Written file : written) {
            try {
                Fsync.awaitAll(List.of(file.synced()));
                if (!stillWanted.test(file.file())) {
                    PartialFile.discard(file.partial());
                    continue;
                }
                Path at = FilePlacement.placeUnsynced(file.partial(), file.target(), file.overwrite());
                Files.setLastModifiedTime(at, FileTime.fromMillis(file.manifest().mtimeMillis()));
                byFolder.computeIfAbsent(at.getParent(), folder -> new ArrayList<>()).add(new Outcome(file.file(), file.target(), at, file.manifest().size(), null));
            } catch (IOException e) {
                PartialFile.discard(file.partial());
                outcomes.add(new Outcome(file.file(), file.target(), null, 0, e));
            }
        }
        written.clear();
        for (Map.Entry<Path, List<Outcome>> folder : byFolder.entrySet()) {
            try {
                AtomicFile.syncDirectory(folder.getKey());
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
