package dev.nectar.ft.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nectar.ft.net.TcpProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of real node processes in the middle of a download, then a restart: the download finishes by itself
 * with the right SHA-256, and what travels again is at most one in-flight window.
 */
class CrashIT {
    private static final int MIB = 1 << 20;
    private static final long SIZE = 48L * MIB;
    private static final long WINDOW_BYTES = 8L * MIB;

    @TempDir
    Path directory;
    NodeProcess alice;
    NodeProcess bob;
    TcpProxy link;
    Path source;

    @BeforeEach
    void setUp() throws Exception {
        alice = NodeProcess.start(directory, "alice", 3, 120);
        bob = NodeProcess.start(directory, "bob", 3, 120);
        // The proxy only paces the bytes, so that "40 %" is a moment a test can catch; it forwards every byte.
        link = TcpProxy.start(bob.listen());
        link.throttle(16L * MIB);
        source = Sha256.randomFile(bob.home().publicDrive().resolve("archive.tar"), SIZE, 11);
        alice.knowAs("bob", bob, link.address());
    }

    @AfterEach
    void tearDown() throws Exception {
        link.close();
        alice.close();
        bob.close();
    }

    private String startDownload() throws Exception {
        return Downloads.start(alice.api(), "bob", List.of("archive.tar"), null, false).body().get(0).path("id").asText();
    }

    private JsonNode awaitFraction(String id, double fraction) throws Exception {
        TestApi api = alice.api();
        JsonNode[] seen = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> {
            seen[0] = api.get("/api/transfers/" + id).body();
            return seen[0].path("total").asLong() > 0 && seen[0].path("bytes").asLong() >= fraction * SIZE;
        });
        return seen[0];
    }

    private JsonNode awaitDone(String id) throws Exception {
        TestApi api = alice.api();
        JsonNode[] seen = new JsonNode[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() -> {
            seen[0] = api.get("/api/transfers/" + id).body();
            return seen[0].path("state").asText().matches("done|failed|cancelled");
        });
        return seen[0];
    }

    @Test
    void theReceiverKilledAtFortyPercentResumesByItselfAfterARestart() throws Exception {
        String id = startDownload();
        JsonNode before = awaitFraction(id, 0.4);

        alice.kill();
        alice.start();
        JsonNode status = awaitDone(id);

        assertThat(status.path("state").asText()).as(status.toString()).isEqualTo("done");
        assertThat(Sha256.of(alice.home().publicDrive().resolve("archive.tar"))).isEqualTo(Sha256.of(source));
        assertThat(status.path("attempts").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(status.path("reusedBytes").asLong()).as("resent at most one window")
                .isGreaterThanOrEqualTo(before.path("bytes").asLong() - WINDOW_BYTES);
        assertThat(status.path("startedAt").asLong()).as("the start its journal kept").isEqualTo(before.path("startedAt").asLong());
        assertThat(alice.home().journals()).isEmptyDirectory();
    }

    @Test
    void transfersThatEndedBeforeAKillAreListedAgainAfterTheRestartOnBothNodes() throws Exception {
        String id = startDownload();
        JsonNode done = awaitDone(id);
        String uploadId = bob.api().get("/api/uploads").body().get(0).path("id").asText();
        // Recorded by a thread of the node's own a moment after the status changes: killed before that, it is not kept.
        await().atMost(Duration.ofSeconds(30)).until(() -> recorded(alice, id) && recorded(bob, uploadId));

        alice.kill();
        bob.kill();
        alice.start();
        bob.start();

        JsonNode listed = alice.api().get("/api/transfers/" + id).body();
        assertThat(listed.path("state").asText()).as(listed.toString()).isEqualTo("done");
        assertThat(listed.path("bytes").asLong()).isEqualTo(SIZE);
        assertThat(listed.path("path").asText()).isEqualTo(done.path("path").asText());
        assertThat(listed.path("finishedAt").asLong()).isEqualTo(done.path("finishedAt").asLong());
        assertThat(bob.api().get("/api/uploads").body().findValuesAsText("id")).contains(uploadId);
    }

    private static boolean recorded(NodeProcess node, String id) throws Exception {
        Path history = node.home().transferHistory();
        return Files.exists(history) && Files.readString(history).lines()
                .anyMatch(line -> line.contains("\"id\":\"" + id + "\",") && line.contains("\"state\":\"done\""));
    }

    @Test
    void theSenderKilledMidTransferIsWaitedForAndResumedFromWhenItIsBack() throws Exception {
        String id = startDownload();
        JsonNode before = awaitFraction(id, 0.4);

        bob.kill();
        List<String> states = new ArrayList<>();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                String state = alice.api().get("/api/transfers/" + id).body().path("state").asText();
                if (states.isEmpty() || !states.getLast().equals(state)) {
                    states.add(state);
                }
                return state.equals("resuming");
            });
        } catch (ConditionTimeoutException e) {
            // Seen once in CI and never here: what the receiver went through and said, for whoever meets it next.
            throw new AssertionError("the download never showed resuming after the sender's kill; states " + states
                    + "; the receiver's log:\n" + alice.log(), e);
        }
        bob.start();
        JsonNode status = awaitDone(id);

        assertThat(status.path("state").asText()).as(status.toString()).isEqualTo("done");
        assertThat(Sha256.of(alice.home().publicDrive().resolve("archive.tar"))).isEqualTo(Sha256.of(source));
        assertThat(status.path("attempts").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(status.path("wireBytes").asLong()).as("resent at most one window").isLessThanOrEqualTo(SIZE + WINDOW_BYTES);
        assertThat(status.path("reusedBytes").asLong()).isGreaterThanOrEqualTo(before.path("bytes").asLong() - WINDOW_BYTES);
    }
    @Test
    void theReceiverKilledInTheMiddleOfAFolderOfSmallFilesFinishesItAfterARestart() throws Exception {
        Map<String, String> hashes = new HashMap<>();
        for (int i = 0; i < 400; i++) {
            String name = "mail/message " + i + ".eml";
            hashes.put(name, Sha256.of(Sha256.randomFile(bob.home().publicDrive().resolve(name), 8 * 1024 + i, i)));
        }
        link.throttle(MIB);
        TestApi.Response started = Downloads.start(alice.api(), "bob", List.of("mail/"), null, false);
        assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
        List<String> ids = new ArrayList<>();
        started.body().forEach(status -> ids.add(status.path("id").asText()));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> Files.exists(
                alice.home().publicDrive().resolve("mail/message 100.eml")) || Files.exists(alice.home().publicDrive().resolve("mail/message 399.eml")));

        alice.kill();
        alice.start();
        // Files that landed before the kill had their journals removed, and a restarted node lists only what it resumed:
        // how many of the 400 it lists depends on the moment of the kill. Every one it lists must end done, and no
        // journal may be left. Asserted rather than awaited as a boolean, so that a timeout says how the files stood.
        Map<String, JsonNode> byId = new HashMap<>();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            alice.api().get("/api/transfers").body().forEach(status -> byId.put(status.path("id").asText(), status));
            Map<String, Integer> states = new TreeMap<>();
            for (String id : ids) {
                JsonNode status = byId.get(id);
                if (status != null) {
                    String error = status.path("error").asText("");
                    states.merge(status.path("state").asText() + (error.isEmpty() ? "" : ": " + error), 1, Integer::sum);
                }
            }
            assertThat(states.keySet()).as("the states of the files listed after the restart: %s", states).isSubsetOf("done");
            try (var journals = Files.list(alice.home().journals())) {
                assertThat(journals).as("journals left").isEmpty();
            }
        });

        for (var file : hashes.entrySet()) {
            assertThat(Sha256.of(alice.home().publicDrive().resolve(file.getKey()))).as(file.getKey()).isEqualTo(file.getValue());
        }
        try (var names = Files.list(alice.home().publicDrive().resolve("mail"))) {
            assertThat(names.map(path -> path.getFileName().toString())).as("no copies, no partial files").hasSize(400);
        }
    }
}
