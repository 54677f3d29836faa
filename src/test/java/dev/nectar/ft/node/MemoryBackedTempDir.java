package dev.nectar.ft.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Temporary folders in memory (/dev/shm) where the machine has it: on these VMs' ext4, mounted with discard,
 * creating 300,000 files right after another test deleted as many takes over a minute instead of 4 s, and a test that
 * deletes 100,000 files slows the disk for the tests after it.
 */
public final class MemoryBackedTempDir implements TempDirFactory {
    private static final Path SHARED_MEMORY = Path.of("/dev/shm");

    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext extension) throws IOException {
        return Files.createTempDirectory(parent(), "ft-test-");
    }

    /** /dev/shm where the machine has it, else the usual temporary folder. */
    public static Path parent() {
        return Files.isDirectory(SHARED_MEMORY) && Files.isWritable(SHARED_MEMORY) ? SHARED_MEMORY : Path.of(System.getProperty("java.io.tmpdir"));
    }
}
