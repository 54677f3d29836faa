package dev.nectar.ft.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nectar.ft.identity.Peer;
import dev.nectar.ft.net.TcpProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Folders of many small files between two real nodes: they travel whole, many to a worker, and each still
 * arrives verified under its own name, with its own status, through cuts of the link, and past the owner pausing
 * or cancelling one of them.
 */
class BatchDownloadIT {
    private static final int MIB = 1 << 20;

    TestNodes nodes;
    Node alice;
    Node bob;
    TcpProxy link;

    @BeforeEach
    void setUp() throws Exception {
        nodes = new TestNodes();
        alice = nodes.start("alice", 2, 60);
        bob = nodes.start("bob");
        link = TcpProxy.start(bob.listenAddresses().getFirst());
        alice.addressBook().add(new Peer("bob", bob.identity().nodeId(), List.of(link.address())));
    }

    @AfterEach
    void tearDown() throws Exception {
        link.close();
        nodes.close();
    }

    /** Writes {@code count} files of varied small sizes (some empty) under {@code folder} in bob's drive. */
    private Map<String, String> smallFiles(String folder, int count, int maxBytes) throws Exception {
        Map<String, String> hashes = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String name = folder + "/" + (i % 3 == 0 ? "deeper/" : "") + "file " + i + ".bin";
            long size = i % 50 == 0 ? 0 : (i * 7919L) % maxBytes + 1;
            Path file = Sha256.randomFile(bob.home().publicDrive().resolve(name), size, i);
            hashes.put(name, Sha256.of(file));
        }
        return hashes;
    }

    private static List<String> startFolder(TestApi api, String folder) throws Exception {
        TestApi.Response started = Downloads.start(api, "bob", List.of(folder + "/"), null, false);
        assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
        return StreamSupport.stream(started.body().spliterator(), false).map(status -> status.path("id").asText()).toList();
    }

    /** Waits, with one listing per poll, until every transfer of {@code ids} is in one of {@code states}. */
    private static Map<String, JsonNode> awaitAll(TestApi api, List<String> ids, String states) {
        Map<String, JsonNode> byId = new HashMap<>();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
            byId.clear();
            api.get("/api/transfers").body().forEach(status -> byId.put(status.path("id").asText(), status));
            return ids.stream().allMatch(id -> byId.containsKey(id) && byId.get(id).path("state").asText().matches(states));
        });
        return byId;
    }

    private void assertArrived(Map<String, String> hashes) throws Exception {
        for (Map.Entry<String, String> file : hashes.entrySet()) {
            assertThat(Sha256.of(alice.home().publicDrive().resolve(file.getKey()))).as(file.getKey()).isEqualTo(file.getValue());
        }
        try (Stream<Path> left = Files.walk(alice.home().publicDrive())) {
            assertThat(left.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".ft-partial"))).isEmpty();
        }
    }

    @Test
    void aFolderOfManySmallFilesArrivesWholeWithAStatusForEachFile() throws Exception {
        Map<String, String> hashes = smallFiles("photos", 700, 64 * 1024);
        hashes.put("photos/exactly one chunk.bin", Sha256.of(Sha256.randomFile(bob.home().publicDrive().resolve("photos/exactly one chunk.bin"), MIB, 7)));
        hashes.put("photos/one byte more.bin", Sha256.of(Sha256.randomFile(bob.home().publicDrive().resolve("photos/one byte more.bin"), MIB + 1, 8)));
        TestApi api = new TestApi(alice);

        List<String> ids = startFolder(api, "photos");
        Map<String, JsonNode> statuses = awaitAll(api, ids, "done|failed|cancelled");

        assertThat(ids).hasSize(hashes.size());
        assertThat(ids).allSatisfy(id -> assertThat(statuses.get(id).path("state").asText()).as(statuses.get(id).toString()).isEqualTo("done"));
        assertArrived(hashes);
        assertThat(alice.home().journals()).isEmptyDirectory();

        List<String> again = startFolder(api, "photos");
        Map<String, JsonNode> secondTime = awaitAll(api, again, "done|failed|cancelled");
        assertThat(again).allSatisfy(id -> assertThat(secondTime.get(id).path("state").asText()).isEqualTo("done"));
        assertArrived(hashes);
        try (Stream<Path> files = Files.walk(alice.home().publicDrive().resolve("photos"))) {
            assertThat(files.filter(Files::isRegularFile)).as("the same files asked for again land where they are, not as copies")
                    .hasSize(hashes.size());
        }
    }

    @Test
    void aLinkCutInTheMiddleOfABatchIsResumedAndOnlyTheMissingFilesComeAgain() throws Exception {
        Map<String, String> hashes = smallFiles("letters", 300, 48 * 1024);
        link.throttle(2L * MIB);
        TestApi api = new TestApi(alice);

        List<String> ids = startFolder(api, "letters");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() ->
                StreamSupport.stream(api.get("/api/transfers").body().spliterator(), false)
                        .filter(status -> status.path("state").asText().equals("done")).count() >= 60);
        link.cutAll();
        Map<String, JsonNode> statuses = awaitAll(api, ids, "done|failed|cancelled");

        assertThat(ids).allSatisfy(id -> assertThat(statuses.get(id).path("state").asText()).as(statuses.get(id).toString()).isEqualTo("done"));
        assertArrived(hashes);
        assertThat(ids.stream().mapToInt(id -> statuses.get(id).path("attempts").asInt()).max().orElseThrow())
                .as("some files came after a reconnection").isGreaterThanOrEqualTo(2);
        assertThat(ids.stream().filter(id -> statuses.get(id).path("attempts").asInt() == 1).count())
                .as("files that arrived before the cut were not fetched again").isGreaterThanOrEqualTo(60);
    }

    @Test
    void pausingAndCancellingOneFileOfABatchLeavesTheOthersAndResumeBringsThePausedOne() throws Exception {
        Map<String, String> hashes = smallFiles("songs", 200, 64 * 1024);
        link.throttle(MIB);
        TestApi api = new TestApi(alice);
        List<String> ids = startFolder(api, "songs");
        String paused = ids.getLast();
        String cancelled = ids.get(ids.size() - 2);

        assertThat(api.post("/api/transfers/" + paused + "/pause", "").status()).isEqualTo(202);
        assertThat(api.delete("/api/transfers/" + cancelled).status()).isEqualTo(202);
        Map<String, JsonNode> statuses = awaitAll(api, ids, "done|failed|cancelled|paused");

        assertThat(statuses.get(paused).path("state").asText()).isEqualTo("paused");
        assertThat(statuses.get(cancelled).path("state").asText()).isEqualTo("cancelled");
        Path cancelledFile = Path.of(statuses.get(cancelled).path("path").asText());
        assertThat(cancelledFile).doesNotExist();
        ids.stream().filter(id -> !id.equals(paused) && !id.equals(cancelled))
                .forEach(id -> assertThat(statuses.get(id).path("state").asText()).as(statuses.get(id).toString()).isEqualTo("done"));

        assertThat(api.post("/api/transfers/" + paused + "/resume", "").status()).isEqualTo(202);
        awaitAll(api, List.of(paused), "done");
        hashes.remove(alice.home().publicDrive().relativize(cancelledFile).toString());
        assertArrived(hashes);
        assertThat(alice.home().journals()).isEmptyDirectory();
    }

    @Test
    void foldersOfMoreThanOneRequestGroupStartNoneWhenAFileOfALaterGroupIsRefused() throws Exception {
        // Two folders, each of a size that goes as a transfer per file: 1,200 files, two groups of the API's requests.
        for (int i = 0; i < 600; i++) {
            TestNodes.write(bob, String.format("many/f%04d.bin", i), new byte[] {(byte) i});
            TestNodes.write(bob, String.format("more/f%04d.bin", i), new byte[] {(byte) i});
        }
        Node carol = nodes.start("carol");
        alice.addressBook().add(new Peer("carol", carol.identity().nodeId(), carol.listenAddresses()));
        carol.close();
        TestApi api = new TestApi(alice);
        Path to = Files.createDirectories(nodes.directory().resolve("landing"));
        // A download from carol, who is offline, keeps the place of a file that the API sends in its second group.
        TestApi.Response holding = api.post("/api/messages", """
                {"address":"our@file_transfer","body":{"Download":{"name":"more/f0500.bin","target":"carol@file_transfer","to":"%s"}}}
                """.formatted(to));
        assertThat(holding.status()).as(holding.body().toString()).isEqualTo(200);

        TestApi.Response refused = Downloads.start(api, "bob", List.of("many/", "more/"), to.toString(), false);

        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(409);
        assertThat(refused.body().path("message").asText()).contains("already downloading to").contains("f0500.bin")
                .doesNotContain("queued before");
        assertThat(api.get("/api/transfers").body()).singleElement()
                .satisfies(only -> assertThat(only.path("peer").asText()).isEqualTo("carol"));
        try (Stream<Path> journals = Files.list(alice.home().journals())) {
            assertThat(journals.toList()).hasSize(1);
        }
    }
}
