package dev.nectar.ft.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nectar.ft.net.TcpProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM of the receiving node (as systemctl stop or a reboot sends) at many moments of downloads of both
 * shapes: a stop leaves every unfinished download as resumable as kill -9 does, and says nothing of failure.
 */
class GracefulStopIT {
    private static final int MIB = 1 << 20;
    /** A failure or a message made of an exception without one, anywhere in the receiving node's log. */
    private static final Pattern TROUBLE = Pattern.compile("(?m)^.*(\\bfailed\\b|: null\\b).*$");

    /** Kept when a test fails: the nodes' logs are the first thing to read. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path directory;
    NodeProcess alice;
    NodeProcess bob;
    TcpProxy link;

    @BeforeEach
    void setUp() throws Exception {
        alice = NodeProcess.start(directory, "alice", 3, 120);
        bob = NodeProcess.start(directory, "bob", 3, 120);
        link = TcpProxy.start(bob.listen());
        alice.knowAs("bob", bob, link.address());
    }

    @AfterEach
    void tearDown() throws Exception {
        link.close();
        alice.close();
        bob.close();
    }

    @Test
    void aLargeFileStoppedAtManyPointsResumesAfterEachRestartAndLandsWhole() throws Exception {
        long size = 96L * MIB;
        Path source = Sha256.randomFile(bob.home().publicDrive().resolve("disk.img"), size, 5);
        link.throttle(24L * MIB);
        String id = Downloads.start(alice.api(), "bob", List.of("disk.img"), null, false).body().get(0).path("id").asText();

        Path landed = alice.home().publicDrive().resolve("disk.img");
        int stops = 0;
        for (double fraction : new double[] {0.1, 0.3, 0.5, 0.7, 0.9}) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(5)).until(() ->
                    Files.exists(landed) || alice.api().get("/api/transfers/" + id).body().path("bytes").asLong() >= fraction * size);
            if (Files.exists(landed)) {
                break;
            }
            alice.stop();
            stops++;
            alice.start();
            // A node forgets finished transfers when it stops: an unknown id must be one that landed.
            String state = alice.api().get("/api/transfers/" + id).body().path("state").asText();
            assertThat(state.isEmpty() ? Files.exists(landed) : state.matches("queued|starting|resuming|running|done"))
                    .as("after a stop at %s the download is %s", fraction, state).isTrue();
        }
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).until(() -> Files.exists(landed) && isEmpty(alice.home().journals()));

        assertThat(stops).as("stops while the file was on its way").isGreaterThanOrEqualTo(3);
        assertThat(Sha256.of(landed)).isEqualTo(Sha256.of(source));
        assertThat(alice.home().journals()).isEmptyDirectory();
        assertThat(TROUBLE.matcher(alice.log()).results().map(m -> m.group())).as("what the receiving node logged").isEmpty();
    }

    @Test
    void aFolderOfSmallFilesStoppedWhileItLandsResumesAfterEachRestartAndLandsWhole() throws Exception {
        Map<String, String> hashes = new HashMap<>();
        for (int i = 0; i < 600; i++) {
            String name = "photos/img " + i + ".jpg";
            hashes.put(name, Sha256.of(Sha256.randomFile(bob.home().publicDrive().resolve(name), 16 * 1024 + i, i)));
        }
        link.throttle(2L * MIB);
        TestApi.Response started = Downloads.start(alice.api(), "bob", List.of("photos/"), null, false);
        assertThat(started.status()).as(started.body().toString()).isEqualTo(202);

        for (int landed : new int[] {50, 200, 350, 500}) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(5)).until(() -> landedCount(hashes) >= landed);
            alice.stop();
            alice.start();
        }
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> landedCount(hashes) == hashes.size() && isEmpty(alice.home().journals()));

        assertThat(alice.api().get("/api/transfers").body()).as("no file reported failed")
                .allMatch(status -> status.path("state").asText().equals("done"));
        for (var file : hashes.entrySet()) {
            assertThat(Sha256.of(alice.home().publicDrive().resolve(file.getKey()))).as(file.getKey()).isEqualTo(file.getValue());
        }
        try (var names = Files.list(alice.home().publicDrive().resolve("photos"))) {
            assertThat(names.map(path -> path.getFileName().toString())).as("no copies, no partial files").hasSize(600);
        }
        assertThat(alice.home().journals()).isEmptyDirectory();
        assertThat(TROUBLE.matcher(alice.log()).results().map(m -> m.group())).as("what the receiving node logged").isEmpty();
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (var entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }

    private long landedCount(Map<String, String> hashes) {
        Predicate<String> landed = name -> Files.exists(alice.home().publicDrive().resolve(name));
        return hashes.keySet().stream().filter(landed).count();
    }
}
