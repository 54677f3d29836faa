package dev.nectar.ft.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drive of 300,000 files, several times what one message carries, between two real node processes that run with
 * the heap ./ft gives them (they stop on running out of it): listed whole by `ft ls` and by the API's stream,
 * listed one folder alone, and a folder of it downloaded. The drive is made once for all the tests.
 */
class LargeDriveIT {
    private static final int FILES = 300_000;
    private static final int PER_FOLDER = 1000;
    private static final int FOLDERS = FILES / PER_FOLDER;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir(factory = MemoryBackedTempDir.class)
    static Path directory;
    static NodeProcess alice;
    static NodeProcess bob;

    @BeforeAll
    static void twoNodesOneWithAHugeDrive() throws Exception {
        alice = NodeProcess.start(directory, "alice", 5, 120);
        bob = NodeProcess.start(directory, "bob", 5, 120);
        for (int i = 0; i < FILES; i++) {
            Path folder = bob.home().publicDrive().resolve(folderName(i / PER_FOLDER));
            if (i % PER_FOLDER == 0) {
                Files.createDirectories(folder);
            }
            Files.write(folder.resolve(fileName(i)), new byte[i % 5]);
        }
        alice.knowAs("bob", bob, bob.listen());
    }

    private static String folderName(int folder) {
        return "photos %03d".formatted(folder);
    }

    private static String fileName(int file) {
        return "IMG_%06d.jpg".formatted(file);
    }

    @AfterAll
    static void tearDown() {
        if (alice != null) {
            alice.close();
        }
        if (bob != null) {
            bob.close();
        }
    }

    @Test
    void everyFileIsListedOnceInNameOrderByTheCliAndTheApiAndOneFolderAlone() throws Exception {
        Path out = directory.resolve("ls.out");
        Path err = directory.resolve("ls.err");
        Process ls = NodeProcess.ft(alice.home(), out, err, "ls", "bob", "--timeout", "60");
        // Not a timing target: only a bound on a hang.
        assertThat(ls.waitFor(5, TimeUnit.MINUTES)).as("ft ls ended").isTrue();
        assertThat(ls.exitValue()).as(Files.readString(err)).isZero();
        List<String> printed = Files.readAllLines(out);
        assertThat(printed).hasSize(FILES + 1);
        assertThat(printed.getFirst()).endsWith("  " + folderName(0) + "/" + fileName(0));
        assertThat(printed.get(FILES - 1)).endsWith("  " + folderName(FOLDERS - 1) + "/" + fileName(FILES - 1));
        assertThat(printed.getLast()).endsWith("total in 300,000 files");

        List<String> names = new ArrayList<>();
        HttpResponse<Stream<String>> stream = alice.api().getLines("/api/peers/bob/files?format=ndjson&timeoutMillis=60000");
        assertThat(stream.statusCode()).isEqualTo(200);
        try (Stream<String> lines = stream.body()) {
            lines.forEach(line -> names.add(parse(line).path("name").asText()));
        }
        assertThat(names).hasSize(FILES).doesNotHaveDuplicates().isSorted();
        assertThat(names.get(12_345)).isEqualTo(folderName(12) + "/" + fileName(12_345));

        JsonNode array = alice.api().get("/api/peers/bob/files?timeoutMillis=60000").body();
        assertThat(array).hasSize(FILES);
        assertThat(array.get(FILES - 1).path("name").asText()).isEqualTo(names.getLast());

        JsonNode top = alice.api().get("/api/peers/bob/files?folder=").body();
        assertThat(top).hasSize(FOLDERS);
        assertThat(top.get(7).path("folder").asText()).isEqualTo(folderName(7));
        assertThat(top.get(7).path("files").asLong()).isEqualTo(PER_FOLDER);
        assertThat(top.get(7).path("size").asLong()).isEqualTo(PER_FOLDER / 5 * (0 + 1 + 2 + 3 + 4));
        JsonNode one = alice.api().get("/api/peers/bob/files?folder=" + folderName(7).replace(" ", "%20")).body();
        assertThat(one).hasSize(PER_FOLDER);
        assertThat(one.get(0).path("name").asText()).isEqualTo(folderName(7) + "/" + fileName(7 * PER_FOLDER));

        for (NodeProcess node : List.of(alice, bob)) {
            assertThat(node.peakResidentBytes()).as("peak RSS of " + node.home().root()).isLessThan(300L << 20);
        }
    }

    @Test
    void aFolderOfTheHugeDriveIsDownloadedVerified() throws Exception {
        TestApi api = alice.api();
        String folder = folderName(42);
        Path to = directory.resolve("downloads");

        List<JsonNode> done = Downloads.run(api, "bob", List.of(folder + "/"), to.toString(), false);

        assertThat(done).hasSize(PER_FOLDER).allSatisfy(status -> assertThat(status.path("state").asText()).isEqualTo("done"));
        for (int i = 42 * PER_FOLDER; i < 43 * PER_FOLDER; i++) {
            Path got = to.resolve(folder).resolve(fileName(i));
            assertThat(Sha256.of(got)).isEqualTo(Sha256.of(bob.home().publicDrive().resolve(folder).resolve(fileName(i))));
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not a line of JSON: " + line, e);
        }
    }
}
