package dev.nectar.ft.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A destination on a real, tiny file system (a 3 MiB tmpfs): a full disk fails the download cleanly. */
class DiskFullIT {
    private static final int MIB = 1 << 20;

    @TempDir
    Path directory;
    Path small;
    boolean mounted;

    @BeforeEach
    void mountSmallFileSystem() throws Exception {
        small = Files.createDirectories(directory.resolve("small"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        mounted = mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
        assumeThat(mounted).as("mounting a tmpfs needs root: " + new String(mount.getInputStream().readAllBytes())).isTrue();
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            new ProcessBuilder("umount", small.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFileLargerThanTheFreeSpaceFailsBeforeAnyByteIsWritten() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node alice = nodes.start("alice");
            Node bob = nodes.start("bob");
            TestNodes.introduce(alice, bob);
            Sha256.randomFile(bob.home().publicDrive().resolve("huge.bin"), 5L * MIB, 1);

            JsonNode status = Downloads.run(new TestApi(alice), "bob", List.of("huge.bin"), small.toString(), false).getFirst();

            assertThat(status.path("state").asText()).isEqualTo("failed");
            assertThat(status.path("error").asText()).startsWith("not enough space for huge.bin: it needs 5242880 bytes");
            assertNothingIn(small);
        }
    }

    @Test
    void whenTheDiskFillsUpDuringDownloadsEachFailsCleanlyOrArrivesIntact() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node alice = nodes.start("alice");
            Node bob = nodes.start("bob");
            TestNodes.introduce(alice, bob);
            Sha256.randomFile(bob.home().publicDrive().resolve("one.bin"), 2L * MIB, 1);
            Sha256.randomFile(bob.home().publicDrive().resolve("two.bin"), 2L * MIB, 2);

            // Both fit the free space alone, not together: whichever writes past it fails.
            List<JsonNode> statuses = Downloads.run(new TestApi(alice), "bob", List.of("one.bin", "two.bin"), small.toString(), false);

            List<String> landed = new java.util.ArrayList<>();
            for (JsonNode status : statuses) {
                String name = status.path("name").asText();
                if (status.path("state").asText().equals("done")) {
                    assertThat(Sha256.of(small.resolve(name))).isEqualTo(Sha256.of(bob.home().publicDrive().resolve(name)));
                    landed.add(name);
                } else {
                    assertThat(status.path("state").asText()).isEqualTo("failed");
                    assertThat(status.path("error").asText()).containsAnyOf("not enough space", "disk full while writing");
                }
            }
            assertThat(landed).hasSizeLessThan(2);
            try (Stream<Path> files = Files.list(small)) {
                assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrderElementsOf(landed);
            }
            assertThat(alice.home().journals()).isEmptyDirectory();
        }
    }

    private static void assertNothingIn(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).isEmpty();
        }
    }
}
