package dev.nectar.ft.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nectar.ft.transfer.TransferRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Folders downloaded as one transfer between two real node processes that run with the heap ./ft gives them: a
 * folder of 100,000 files with `ft get`, which the receiver queues a window at a time from the sender's listing (its
 * memory must not grow with the folder, and the one status it shows must count every file); and a folder of 50,000
 * files whose receiver is killed -9 midway, which its journals finish after the restart with the counts right. The
 * homes are in memory where the machine allows (the point is the queue and the counts, not the disk): on these VMs'
 * ext4 the same test took twice as long, most of it creating and deleting 200,000 files.
 */
class LargeFolderIT {
    private static final int FILES = 100_000;
    private static final int PER_FOLDER = 1000;

    @TempDir(factory = MemoryBackedTempDir.class)
    Path directory;
    NodeProcess alice;
    NodeProcess bob;

    @AfterEach
    void tearDown() {
        if (alice != null) {
            alice.close();
        }
        if (bob != null) {
            bob.close();
        }
    }

    @Test
    void getOfAFolderOfAHundredThousandFilesEndsWithEveryFileVerifiedInBoundedMemory() throws Exception {
        assertThat(FILES).isGreaterThan(TransferRegistry.MAX_FINISHED);
        alice = NodeProcess.start(directory, "alice", 5, 120);
        bob = NodeProcess.start(directory, "bob", 5, 120);
        Map<String, String> hashes = tinyFiles(bob.home().publicDrive(), "many", FILES);
        List<String> emptyFolders = List.of("many/0 first", "many/zz last/empty");
        for (String folder : emptyFolders) {
            Files.createDirectories(bob.home().publicDrive().resolve(folder));
        }
        alice.knowAs("bob", bob, bob.listen());
        Path to = directory.resolve("downloads");
        Path out = directory.resolve("get.out");
        Path err = directory.resolve("get.err");

        Process get = NodeProcess.ft(alice.home(), out, err, "get", "bob", "many/", "--to", to.toString());
        // Not a timing target: only a bound on a hang, far beyond the minute this takes on a 2-core machine.
        boolean ended = get.waitFor(8, TimeUnit.MINUTES);
        if (!ended) {
            get.destroyForcibly();
        }

        assertThat(ended).as("ft get ended").isTrue();
        assertThat(get.exitValue()).as(Files.readString(err)).isZero();
        // One transfer for the folder, not one per file: the line `ft get` prints when it ends counts them all.
        try (Stream<String> lines = Files.lines(out)) {
            assertThat(lines.filter(line -> line.contains(" done ")).toList()).singleElement().asString()
                    .startsWith("many/").contains("100,000/100,000 files");
        }
        long peak = alice.peakResidentBytes();
        System.out.println("the receiver's peak RSS over 100,000 files: " + (peak >> 20) + " MiB");
        assertThat(peak).as("the receiver's peak RSS").isLessThan(300L << 20);
        for (Map.Entry<String, String> file : hashes.entrySet()) {
            assertThat(Sha256.of(to.resolve(file.getKey()))).as(file.getKey()).isEqualTo(file.getValue());
        }
        for (String folder : emptyFolders) {
            assertThat(to.resolve(folder)).isEmptyDirectory();
        }
        assertThat(alice.home().journals()).isEmptyDirectory();
    }

    @Test
    void aFolderOfFiftyThousandFilesResumesAfterTheReceiverIsKilledMidwayAndEndsVerified() throws Exception {
        int files = 50_000;
        alice = NodeProcess.start(directory, "alice", 5, 120);
        bob = NodeProcess.start(directory, "bob", 5, 120);
        Map<String, String> hashes = tinyFiles(bob.home().publicDrive(), "half", files);
        alice.knowAs("bob", bob, bob.listen());
        Path to = directory.resolve("downloads");
        TestApi api = alice.api();
        TestApi.Response started = Downloads.start(api, "bob", List.of("half/"), to.toString(), false);
        assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
        assertThat(started.body()).singleElement().satisfies(folder -> assertThat(folder.path("name").asText()).isEqualTo("half/"));
        String id = started.body().get(0).path("id").asText();
        // Files are renamed into place while they are counted: a look that meets one mid-rename looks again.
        await().atMost(Duration.ofMinutes(4)).ignoreExceptions().until(() -> landed(to) >= files / 3);

        long startedAt = folderStatus(api, id).path("startedAt").asLong();
        alice.kill();
        long before = landed(to);
        alice.start();

        // Resumed from its journals, with nobody asking again: every file lands once, and no journal is left.
        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> Files.list(alice.home().journals()).findAny().isEmpty() && landed(to) == files);
        assertThat(before).isLessThan(files);
        for (Map.Entry<String, String> file : hashes.entrySet()) {
            assertThat(Sha256.of(to.resolve(file.getKey()))).as(file.getKey()).isEqualTo(file.getValue());
        }
        try (Stream<Path> all = Files.walk(to)) {
            assertThat(all.filter(Files::isRegularFile).count()).as("no partial or doubled file left").isEqualTo(files);
        }
        // The folder's status, rebuilt from its journals after the kill, counts each file once.
        TestApi restarted = alice.api();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(folderStatus(restarted, id).path("state").asText()).isEqualTo("done"));
        JsonNode counts = folderStatus(restarted, id).path("folder");
        assertThat(List.of(counts.path("files").asLong(), counts.path("done").asLong(), counts.path("failed").asLong()))
                .containsExactly((long) files, (long) files, 0L);
        assertThat(folderStatus(restarted, id).path("startedAt").asLong()).as("the start its journal kept").isEqualTo(startedAt);
    }

    @Test
    void aFolderDownloadCancelledMidwayStopsWholeAndLeavesNoJournalNorPartialFile() throws Exception {
        int files = 12_000;
        alice = NodeProcess.start(directory, "alice", 5, 120);
        bob = NodeProcess.start(directory, "bob", 5, 120);
        tinyFiles(bob.home().publicDrive(), "some", files);
        alice.knowAs("bob", bob, bob.listen());
        Path to = directory.resolve("downloads");
        TestApi api = alice.api();

        TestApi.Response started = Downloads.start(api, "bob", List.of("some/"), to.toString(), false);
        String id = started.body().get(0).path("id").asText();
        assertThat(api.delete("/api/transfers/" + id).status()).isEqualTo(202);

        await().atMost(Duration.ofMinutes(1)).ignoreExceptions().untilAsserted(() -> {
            assertThat(folderStatus(api, id).path("state").asText()).isEqualTo("cancelled");
            assertThat(api.get("/api/transfers").body()).allSatisfy(status ->
                    assertThat(status.path("state").asText()).isIn("done", "failed", "cancelled"));
            assertThat(alice.home().journals()).isEmptyDirectory();
        });
        assertThat(landed(to)).isLessThan(files);
        if (Files.isDirectory(to)) {
            try (Stream<Path> all = Files.walk(to)) {
                assertThat(all.filter(path -> path.getFileName().toString().startsWith(".") && Files.isRegularFile(path)).toList())
                        .as("partial files").isEmpty();
            }
        }
    }

    private static JsonNode folderStatus(TestApi api, String id) throws Exception {
        for (JsonNode status : api.get("/api/transfers").body()) {
            if (status.path("id").asText().equals(id)) {
                return status;
            }
        }
        throw new AssertionError("no transfer " + id);
    }

    /** Files that landed under their final names in {@code to}. */
    private static long landed(Path to) throws Exception {
        if (!Files.isDirectory(to)) {
            return 0;
        }
        try (Stream<Path> all = Files.walk(to)) {
            return all.filter(path -> Files.isRegularFile(path) && !path.getFileName().toString().startsWith(".")).count();
        }
    }

    /** {@code count} files of 1 to 100 random bytes in folders of {@link #PER_FOLDER}; their SHA-256 by name. */
    private static Map<String, String> tinyFiles(Path drive, String folder, int count) throws Exception {
        Map<String, String> hashes = new HashMap<>();
        Random random = new Random(7);
        for (int i = 0; i < count; i++) {
            String name = "%s/d%03d/f%04d.txt".formatted(folder, i / PER_FOLDER, i % PER_FOLDER);
            byte[] bytes = new byte[1 + random.nextInt(100)];
            random.nextBytes(bytes);
            Path file = drive.resolve(name);
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
            hashes.put(name, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        }
        return hashes;
    }
}
