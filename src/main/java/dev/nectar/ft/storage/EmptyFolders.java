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
        for (Path at = folder; at != null && !Files.isDirectory(at); at = at.getParent()) {
            if (Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of("a file is in the way of the folder " + folder + ": " + at);
            }
        }
        return Optional.empty();
    }

    /** Makes each of {@code folders} with any missing folder above it; one that exists is left as it is. */
    public static void make(Collection<Path> folders) throws IOException {
        Set<Path> madeIn = new LinkedHashSet<>();
        for (Path folder : folders) {
            Optional<String> blocked = inTheWay(folder);
            if (blocked.isPresent()) {
                throw new IOException(blocked.get());
            }
            List<Path> missing = new ArrayList<>();
            for (Path at = folder; at != null && !Files.isDirectory(at); at = at.getParent()) {
                missing.add(at);
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
}
