package dev.nectar.ft.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nectar.ft.identity.NodeIdentity;
import dev.nectar.ft.identity.Peer;
import dev.nectar.ft.net.TcpProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A download takes chunks from every peer that holds the same file, checked against the origin's manifest: a peer
 * whose file has the same name, size and time but other bytes is dropped at its first chunk, and once the origin
 * (a real node process) is killed the other sources finish the file. A large file put in a node's drive is hashed,
 * and so offered, once a peer's listing shows the drive changed, not at the node's next scan.
 */
class SwarmIT {
    private static final int MIB = 1 << 20;

    /** Restarts {@code node}, so that its first scan indexes the files put in its drive, and waits for that scan. */
    private static Node indexed(TestNodes nodes, Node node) throws IOException {
        node.close();
        Node again = nodes.restart(node.home());
        await().atMost(Duration.ofSeconds(20)).until(() -> hashIndexHolds(again));
        return again;
    }

    /** Whether {@code node}'s hash index keeps a manifest (it makes its folder as it keeps the first). */
    private static boolean hashIndexHolds(Node node) throws IOException {
        if (!Files.isDirectory(node.home().hashIndex())) {
            return false;
        }
        try (Stream<Path> entries = Files.list(node.home().hashIndex())) {
            return entries.anyMatch(entry -> entry.toString().endsWith(".json"));
        }
    }

    private static Map<String, JsonNode> sourcesOf(JsonNode transfer) {
        Map<String, JsonNode> sources = new HashMap<>();
        transfer.path("sources").forEach(source -> sources.put(source.path("name").asText(), source));
        return sources;
    }

    @Test
    void aLargeFilePutInTheDriveIsHashedAheadOnceAPeerListsTheDrive() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node bob = nodes.start("bob");
            Node alice = nodes.start("alice");
            TestNodes.introduce(alice, bob);
            TestApi aliceApi = new TestApi(alice);
            assertThat(aliceApi.get("/api/peers/bob/files").body().toString()).doesNotContain("film.mkv");
            Path film = Sha256.randomFile(bob.home().publicDrive().resolve("film.mkv"), 12L * MIB, 9);

            assertThat(aliceApi.get("/api/peers/bob/files").body().toString()).contains("film.mkv");

            // Bob's scans: one as it started, with nothing to hash, the next a minute later; the listing's change starts one now.
            await().atMost(Duration.ofSeconds(20)).until(() -> hashIndexHolds(bob));
            String id = Downloads.start(aliceApi, "bob", List.of("film.mkv"), null, false).body().get(0).path("id").asText();
            JsonNode done = Downloads.awaitEnd(aliceApi, List.of(id)).getFirst();
            assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("done");
            assertThat(Sha256.of(alice.home().publicDrive().resolve("film.mkv"))).isEqualTo(Sha256.of(film));
        }
    }

    @Test
    void aSourceWithOtherBytesIsDroppedAndTheOtherSourcesFinishTheFileOnceTheOriginIsGone() throws Exception {
        try (TestNodes nodes = new TestNodes();
             NodeProcess bob = NodeProcess.start(nodes.directory(), "bob", 5, 60)) {
            Node alice = nodes.start("alice");
            Node carol = nodes.start("carol");
            Node dave = nodes.start("dave");
            long size = 24L * MIB;
            Path source = Sha256.randomFile(bob.home().publicDrive().resolve("film.mkv"), size, 7);
            FileTime mtime = Files.getLastModifiedTime(source);
            Files.copy(source, carol.home().publicDrive().resolve("film.mkv"), StandardCopyOption.COPY_ATTRIBUTES);
            Path forged = dave.home().publicDrive().resolve("film.mkv");
            Files.copy(source, forged, StandardCopyOption.COPY_ATTRIBUTES);
            carol = indexed(nodes, carol);
            dave = indexed(nodes, dave);
            // Dave's hash index knows the file; then its bytes change under the same size and time.
            Sha256.randomFile(forged, size, 8);
            Files.setLastModifiedTime(forged, mtime);

            try (TcpProxy toBob = TcpProxy.start(bob.listen());
                 TcpProxy toCarol = TcpProxy.start(carol.listenAddresses().getFirst())) {
                // The origin is slow and carol not much faster, so that the origin is gone while chunks still move.
                toBob.throttle(2L * MIB);
                toCarol.throttle(4L * MIB);
                alice.addressBook().add(new Peer("bob", NodeIdentity.load(bob.home()).nodeId(), List.of(toBob.address())));
                alice.addressBook().add(new Peer("carol", carol.identity().nodeId(), List.of(toCarol.address())));
                TestNodes.introduce(alice, dave);
                TestApi aliceApi = new TestApi(alice);
                String id = Downloads.start(aliceApi, "bob", List.of("film.mkv"), null, false).body().get(0).path("id").asText();

                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    JsonNode carolShare = sourcesOf(aliceApi.get("/api/transfers/" + id).body()).get("carol");
                    return carolShare != null && carolShare.path("bytes").asLong() >= 4L * MIB;
                });
                bob.kill();

                JsonNode done = Downloads.awaitEnd(aliceApi, List.of(id)).getFirst();
                assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("done");
                assertThat(Sha256.of(alice.home().publicDrive().resolve("film.mkv"))).isEqualTo(Sha256.of(carol.home().publicDrive().resolve("film.mkv")));
                Map<String, JsonNode> sources = sourcesOf(done);
                assertThat(sources.keySet()).containsExactlyInAnyOrder("bob", "carol", "dave");
                assertThat(sources.get("dave").path("state").asText()).startsWith("dropped: chunk").endsWith("failed verification");
                assertThat(sources.get("dave").path("bytes").asLong()).isZero();
                assertThat(sources.get("bob").path("state").asText()).isEqualTo("link lost");
                long fromBob = sources.get("bob").path("bytes").asLong();
                long fromCarol = sources.get("carol").path("bytes").asLong();
                assertThat(fromBob + fromCarol).isEqualTo(size);
                assertThat(fromCarol).as("the origin sends what no one else holds: here, only what it was asked before carol came")
                        .isGreaterThan(fromBob);
                assertThat(aliceApi.get("/api/transfers/" + id).body().path("attempts").asInt()).as("no new attempt without the origin").isEqualTo(1);
            }
        }
    }
}
