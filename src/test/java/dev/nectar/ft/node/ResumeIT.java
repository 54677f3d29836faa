package dev.nectar.ft.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nectar.ft.home.Home;
import dev.nectar.ft.identity.Peer;
import dev.nectar.ft.net.TcpProxy;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Faults between two real nodes: the link is cut or stalls through a TCP proxy, the source changes or vanishes,
 * the receiver restarts with a tampered partial file, the owner pauses and cancels. Every transfer that can finish
 * finishes by itself, with the right SHA-256, moving again only what is missing.
 */
class ResumeIT {
    private static final int MIB = 1 << 20;
    private static final long SIZE = 24L * MIB;
    private static final long WINDOW_BYTES = 8L * MIB;

    TestNodes nodes;
    Node alice;
    Node bob;
    TcpProxy link;
    Path source;

    @BeforeEach
    void setUp() throws Exception {
        nodes = new TestNodes();
        alice = nodes.start("alice", 2, 60);
        bob = nodes.start("bob");
        link = TcpProxy.start(bob.listenAddresses().getFirst());
        link.throttle(12L * MIB);
        alice.addressBook().add(new Peer("bob", bob.identity().nodeId(), List.of(link.address())));
        source = Sha256.randomFile(bob.home().publicDrive().resolve("movie.mkv"), SIZE, 42);
    }

    @AfterEach
    void tearDown() throws Exception {
        link.close();
        nodes.close();
    }

    private static String start(Node node) throws Exception {
        return Downloads.start(new TestApi(node), "bob", List.of("movie.mkv"), null, false).body().get(0).path("id").asText();
    }

    private static JsonNode awaitStatus(Node node, String id, Predicate<JsonNode> condition) throws Exception {
        TestApi api = new TestApi(node);
        JsonNode[] seen = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> {
            seen[0] = api.get("/api/transfers/" + id).body();
            return condition.test(seen[0]);
        });
        return seen[0];
    }

    /** The id of the one download {@code node} has, once it meets {@code condition}: one an `ft get` process started. */
    private static String awaitTheOneDownload(Node node, Predicate<JsonNode> condition) throws Exception {
        TestApi api = new TestApi(node);
        JsonNode[] seen = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> {
            JsonNode all = api.get("/api/transfers").body();
            seen[0] = all.size() == 1 ? all.get(0) : null;
            return seen[0] != null && condition.test(seen[0]);
        });
        return seen[0].path("id").asText();
    }

    private static Predicate<JsonNode> atLeast(double fraction) {
        return status -> status.path("total").asLong() > 0 && status.path("bytes").asLong() >= fraction * status.path("total").asLong();
    }

    private JsonNode awaitEnd(Node node, String id) {
        try {
            return Downloads.awaitEnd(new TestApi(node), List.of(id)).getFirst();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void assertArrivedIntact(Node node, JsonNode status) throws Exception {
        assertThat(status.path("state").asText()).as(status.toString()).isEqualTo("done");
        assertThat(Sha256.of(node.home().publicDrive().resolve("movie.mkv"))).isEqualTo(Sha256.of(source));
        assertThat(node.home().journals()).isEmptyDirectory();
        try (Stream<Path> files = Files.list(node.home().publicDrive())) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("movie.mkv");
        }
    }

    @ParameterizedTest(name = "cut {0}")
    @ValueSource(strings = {"during the manifest", "mid-transfer", "just before the last chunk"})
    void aCutLinkIsRedialedAndOnlyMissingChunksTravelAgain(String when) throws Exception {
        if (when.equals("just before the last chunk")) {
            // Bytes past the proxy cannot be cut off; holding the last ones back keeps them from arriving first.
            link.stallAfter(SIZE - 2L * MIB);
        }
        String id = start(alice);
        switch (when) {
            case "during the manifest" -> awaitStatus(alice, id, status -> !status.path("state").asText().equals("queued"));
            case "mid-transfer" -> awaitStatus(alice, id, atLeast(0.5));
            default -> awaitStatus(alice, id, atLeast((SIZE - 4.0 * MIB) / SIZE));
        }

        link.cutAll();
        JsonNode status = awaitEnd(alice, id);

        assertArrivedIntact(alice, status);
        assertThat(status.path("attempts").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(status.path("wireBytes").asLong()).isLessThanOrEqualTo(SIZE + WINDOW_BYTES);
    }

    @Test
    void aStalledLinkIsNoticedByTimeoutAndReplaced() throws Exception {
        String id = start(alice);
        awaitStatus(alice, id, atLeast(0.4));

        link.stallAll();
        JsonNode status = awaitEnd(alice, id);

        assertArrivedIntact(alice, status);
        assertThat(status.path("attempts").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(status.path("wireBytes").asLong()).isLessThanOrEqualTo(SIZE + WINDOW_BYTES);
    }

    // The sending node may read on from the file it opened, replaced or deleted since, and send it whole if no
    // request of the receiver's comes after the change; the cut makes the receiver ask again, and find the change.
    @Test
    void aSourceModifiedMidTransferStartsOverAndSaysSo() throws Exception {
        String id = start(alice);
        awaitStatus(alice, id, atLeast(0.3));

        Path modified = Sha256.randomFile(bob.home().root().resolve("new-content"), SIZE, 7);
        Files.copy(modified, source, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(source, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        link.cutAll();
        JsonNode status = awaitEnd(alice, id);

        assertArrivedIntact(alice, status);
        assertThat(Sha256.of(alice.home().publicDrive().resolve("movie.mkv"))).isEqualTo(Sha256.of(modified));
        assertThat(status.path("note").asText()).startsWith("source changed");
    }

    @Test
    void aSourceDeletedMidTransferFailsWithThatReasonAndLeavesNothing() throws Exception {
        String id = start(alice);
        awaitStatus(alice, id, atLeast(0.3));

        Files.delete(source);
        link.cutAll();
        JsonNode status = awaitEnd(alice, id);

        assertThat(status.path("state").asText()).isEqualTo("failed");
        assertThat(status.path("error").asText()).startsWith("the source disappeared: bob refused: no file named 'movie.mkv'");
        assertThat(alice.home().journals()).isEmptyDirectory();
        try (Stream<Path> files = Files.list(alice.home().publicDrive())) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aRestartResumesByItselfAndRefetchesChunksTamperedWithMeanwhile() throws Exception {
        String id = start(alice);
        JsonNode before = awaitStatus(alice, id, atLeast(0.5));
        Home home = alice.home();
        alice.close();
        Path partial = home.publicDrive().resolve(".movie.mkv.ft-partial");
        assertThat(partial).exists();
        assertThat(home.journals().resolve(id + ".json")).exists();
        try (FileChannel file = FileChannel.open(partial, StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}), 1000);
        }

        Node restarted = nodes.restart(home);
        JsonNode status = awaitEnd(restarted, id);

        assertArrivedIntact(restarted, status);
        long reused = status.path("reusedBytes").asLong();
        assertThat(reused).as("the chunks before the stop, less the tampered one").isGreaterThanOrEqualTo(before.path("bytes").asLong() - MIB - WINDOW_BYTES);
        assertThat(reused).as("the tampered first chunk was fetched again").isLessThanOrEqualTo(SIZE - MIB);
    }

    @Test
    void pauseKeepsWhatArrivedAndResumeFinishes() throws Exception {
        TestApi api = new TestApi(alice);
        String id = start(alice);
        awaitStatus(alice, id, atLeast(0.3));

        assertThat(api.post("/api/transfers/" + id + "/pause", "{}").status()).isEqualTo(202);
        JsonNode paused = awaitStatus(alice, id, status -> status.path("state").asText().equals("paused"));
        assertThat(alice.home().publicDrive().resolve(".movie.mkv.ft-partial")).exists();
        assertThat(api.post("/api/transfers/" + id + "/resume", "{}").status()).isEqualTo(202);
        JsonNode status = awaitEnd(alice, id);

        assertArrivedIntact(alice, status);
        assertThat(status.path("reusedBytes").asLong()).isGreaterThanOrEqualTo(paused.path("bytes").asLong() - WINDOW_BYTES);
    }

    @Test
    void ctrlCOfGetStopsTheCommandNotTheDownloadAndSaysHowToStopIt(@TempDir Path output) throws Exception {
        Path err = output.resolve("err");
        Process get = NodeProcess.ft(alice.home(), output.resolve("out"), err, "get", "bob", "movie.mkv");
        String id = awaitTheOneDownload(alice, atLeast(0.05));

        new ProcessBuilder("kill", "-INT", String.valueOf(get.pid())).start().waitFor();

        assertThat(get.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(get.exitValue()).as("killed by SIGINT").isEqualTo(130);
        assertThat(Files.readString(err)).isEqualTo("ft: movie.mkv goes on downloading in the node: `ft transfers` shows it, `ft cancel " + id
                + "` stops it\n");
        assertArrivedIntact(alice, awaitEnd(alice, id));
    }

    @Test
    void getFollowsItsDownloadAcrossARestartOfTheNodeToItsEnd(@TempDir Path output) throws Exception {
        Path out = output.resolve("out");
        Path err = output.resolve("err");
        Process get = NodeProcess.ft(alice.home(), out, err, "get", "bob", "movie.mkv");
        String id = awaitTheOneDownload(alice, atLeast(0.3));

        Home home = alice.home();
        alice.close();
        Node restarted = nodes.restart(home);

        assertThat(get.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(get.exitValue()).as(Files.readString(err)).isZero();
        assertThat(Files.readString(err)).isEqualTo("ft: this node stopped; waiting for it to start again, when its downloads resume\n");
        assertThat(Files.readString(out)).startsWith("movie.mkv").contains(" done ").contains("-> " + home.publicDrive().resolve("movie.mkv"));
        JsonNode status = awaitEnd(restarted, id);
        assertArrivedIntact(restarted, status);
        assertThat(status.path("attempts").asInt()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void cancelRemovesEverythingAndRetryStartsAgain() throws Exception {
        TestApi api = new TestApi(alice);
        String id = start(alice);
        awaitStatus(alice, id, atLeast(0.3));

        assertThat(api.delete("/api/transfers/" + id).status()).isEqualTo(202);
        JsonNode cancelled = awaitEnd(alice, id);
        assertThat(cancelled.path("state").asText()).isEqualTo("cancelled");
        assertThat(alice.home().journals()).isEmptyDirectory();
        try (Stream<Path> files = Files.list(alice.home().publicDrive())) {
            assertThat(files).isEmpty();
        }
        assertThat(api.post("/api/transfers/" + id + "/retry", "{}").status()).isEqualTo(202);
        assertArrivedIntact(alice, awaitStatus(alice, id, status -> status.path("state").asText().equals("done")));
        assertThat(api.post("/api/transfers/" + id + "/retry", "{}").status()).isEqualTo(404);
    }
}
