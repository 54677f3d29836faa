package dev.nectar.ft.home;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

/**
 * Writes a state file so that a crash at any moment leaves either the old or the new content under the final
 * name: write a temporary sibling, fsync it, rename it over the target, fsync the directory.
 */
public final class AtomicFile {
    private AtomicFile() {}

    /** What goes into a file, written to a stream that this class makes durable. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Replaces {@code target} with {@code content}. */
    public static void write(Path target, byte[] content) throws IOException {
        write(target, out -> out.write(content), false);
    }

    /** Replaces {@code target} with what {@code content} writes, streamed: a large file is never held whole. */
    public static void write(Path target, Content content) throws IOException {
        write(target, content, false);
    }

    /** Replaces {@code target} with {@code content}, readable by the owner only (mode 0600) where POSIX allows. */
    public static void writeSecret(Path target, byte[] content) throws IOException {
        write(target, out -> out.write(content), true);
    }

    /** Writes {@code content} to {@code target} only if it does not exist yet; never replaces a file. */
    public static void create(Path target, byte[] content, boolean ownerOnly) throws IOException {
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Path temporary = writeTemporary(target, out -> out.write(content), ownerOnly);
        try {
            // A hard link fails if the target appeared meanwhile, so an existing file is never replaced.
            Files.createLink(target, temporary);
        } finally {
            Files.deleteIfExists(temporary);
        }
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /**
     * Replaces a cache entry: atomic (temporary file, then rename) but not fsynced, because a cache entry lost or
     * torn by a crash is only recomputed, and an fsync per entry would cost more than the entry saves.
     */
    public static void replaceCacheEntry(Path target, byte[] content) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = directory.resolve("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            Files.write(temporary, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    /** True for a temporary file of this class's writes: one still there after a start was left by a crash. */
    public static boolean isTemporary(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.contains(".tmp-");
    }

    private static void write(Path target, Content content, boolean ownerOnly) throws IOException {
        Path temporary = writeTemporary(target, content, ownerOnly);
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        syncDirectory(target.toAbsolutePath().getParent());
    }

    private static Path writeTemporary(Path target, Content content, boolean ownerOnly) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = directory.resolve("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
        FileAttribute<?>[] attributes = ownerOnly && isPosix(directory)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        try (FileChannel channel = FileChannel.open(temporary,
                java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel));
            content.writeTo(out);
            out.flush();
            Fsync.force(channel);
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        return temporary;
    }

    /** Makes a rename or a new name in {@code directory} durable. */
    public static void syncDirectory(Path directory) throws IOException {
        Fsync.directory(directory);
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
