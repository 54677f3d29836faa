package dev.nectar.ft.storage;

import dev.nectar.ft.home.AtomicFile;
import dev.nectar.ft.vfs.Drive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Moves a finished, fsynced partial file to its final name. An existing file with other content is replaced
 * only when the owner said so; otherwise both are kept, the new one as {@code name (1).ext}. Each move holds its
 * folder's lock ({@link FolderLocks}).
 */
final class FilePlacement {
    private static final int MAX_COPIES = 10_000;

    private FilePlacement() {}

    /** Places {@code partial} at {@code target} (or a free sibling name), durably, and returns where it landed. */
    static Path place(Path partial, Path target, boolean overwrite) throws IOException {
        Path landed = placeUnsynced(partial, target, overwrite);
        AtomicFile.syncDirectory(target.getParent());
        return landed;
    }

    /** As {@link #place}, but the caller syncs the directory, once for many files placed in it. */
    static Path placeUnsynced(Path partial, Path target, boolean overwrite) throws IOException {
        return placeUnsynced(partial, target, overwrite, taken -> false);
    }

    /** Whether a taken name holds the very file being placed; it may fail to tell, and then nothing is placed. */
    interface SameFile {
        boolean holds(Path taken) throws IOException;
    }

    /**
     * As {@link #placeUnsynced(Path, Path, boolean)}, but where {@code target} is taken by what {@code alreadyThere}
     * accepts (the same file, landed before), the partial file goes and {@code target} is where it landed. The name
     * is looked at only when the move finds it taken: most targets are new, and a look first costs a lookup each.
     */
    static Path placeUnsynced(Path partial, Path target, boolean overwrite, SameFile alreadyThere) throws IOException {
        return FolderLocks.inFolder(target.getParent(), () -> claimFreeName(partial, target, overwrite, alreadyThere));
    }

    private static Path claimFreeName(Path partial, Path target, boolean overwrite, SameFile alreadyThere) throws IOException {
        if (overwrite) {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        }
        for (int copy = 0; copy < MAX_COPIES; copy++) {
            Path candidate = copy == 0 ? target : numbered(target, copy);
            try {
                claim(partial, candidate);
                return candidate;
            } catch (FileAlreadyExistsException taken) {
                if (copy == 0 && alreadyThere.holds(target)) {
                    Files.delete(partial);
                    return target;
                }
            }
        }
        throw new IOException("no free name next to " + target);
    }

    private static void claim(Path partial, Path candidate) throws IOException {
        if (NoReplaceRename.BOUND.isPresent() && NoReplaceRename.BOUND.get().move(partial, candidate)) {
            return;
        }
        try {
            // A hard link never replaces an existing file, even one that appeared a moment ago.
            Files.createLink(candidate, partial);
        } catch (FileAlreadyExistsException taken) {
            throw taken;
        } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
            // Some file systems (FAT, some network mounts) have no hard links: a move without REPLACE_EXISTING
            // refuses an existing target too (an atomic rename would silently replace it).
            Files.move(partial, candidate);
            return;
        }
        Files.delete(partial);
    }

    /**
     * {@code song.mp3} becomes {@code song (1).mp3}; a name without an extension, or with only a leading dot, ends in
     * the number. A name near the file system's 255 bytes gives up the end of its stem to the number.
     */
    static Path numbered(Path target, int copy) {
        String name = target.getFileName().toString();
        String number = " (" + copy + ")";
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 ? name.substring(dot) : "";
        int room = Drive.MAX_SEGMENT_BYTES - number.length() - extension.getBytes(StandardCharsets.UTF_8).length;
        if (room < 1) {
            extension = "";
            room = Drive.MAX_SEGMENT_BYTES - number.length();
        }
        String stem = extension.isEmpty() ? name : name.substring(0, dot);
        return target.resolveSibling(Drive.beginningWithin(stem, room) + number + extension);
    }
}
