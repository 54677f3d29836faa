package dev.nectar.ft.storage;

import dev.nectar.ft.home.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Makes the empty folders of a downloaded tree, durably: every folder made is synced into the folder above it, so a
 * crash right after the download reports them leaves them there. The files of a tree make their own folders.
 */
public final class EmptyFolders {
    private EmptyFolders() {}

    /** Why {@code folder} cannot be made: a file where it or a folder above it would be; empty if nothing is in the way. */
    public static Optional<String> inTheWay(Path folder) {
        return Optional.ofNullable(walkUp(folder, new ArrayList<>()));
    }

    /** Makes each of {@code folders} with any missing folder above it; one that exists is left as it is. */
    public static void make(Collection<Path> folders) throws IOException {
        Set<Path> madeIn = new LinkedHashSet<>();
        for (Path folder : folders) {
            List<Path> missing = new ArrayList<>();
            String blocked = walkUp(folder, missing);
            if (blocked != null) {
                throw new IOException(blocked);
            }
            if (!missing.isEmpty()) {
                Files.createDirectories(folder);
                missing.forEach(made -> madeIn.add(made.getParent()));
            }
        }
        for (Path parent : madeIn) {
            AtomicFile.syncDirectory(parent);
        }
    }

    /**
     * Adds to {@code missing} {@code folder} and each folder above it that is not there yet, up to the first that is;
     * returns why it cannot be made if a file is where one of them would be, else null.
     */
    private static String walkUp(Path folder, List<Path> missing) {
        for (Path at = folder; at != null && !Files.isDirectory(at); at = at.getParent()) {
            if (Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                return "a file is in the way of the folder " + folder + ": " + at;
            }
            missing.add(at);
        }
        return null;
    }
}
