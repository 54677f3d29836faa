package dev.nectar.ft.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nectar.ft.identity.Peer;
import dev.nectar.ft.net.TcpProxy;
import dev.nectar.ft.vfs.Drive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The same faults between two real nodes for both shapes of download, a large file in chunks and a folder of small
 * files in batches: a cut link, a stalled link, a pause across a restart of the receiving node, a cancel. Every file
 * that can finish lands with the source's SHA-256; nothing is left behind.
 */
class DownloadShapesIT {
    private static final int MIB = 1 << 20;

    /** What bob shares for each shape, what alice asks for, and how fast the proxy lets it through. */
    enum Shape {
        ONE_FILE("movie.mkv", 1, 24 * MIB, 12L * MIB),
        /**
         * Files that take some seconds to come, landing a group every two seconds, so that some have landed while the
         * rest are on their way.
         */
        SMALL_FILES("mail/", 300, 8 * 1024, 256L * 1024);

        final String request;
        final int files;
        final int size;
        final long bytesPerSecond;

        Shape(String request, int files, int size, long bytesPerSecond) {
            this.request = request;
            this.files = files;
            this.size = size;
            this.bytesPerSecond = bytesPerSecond;
        }

        String name(int index) {
            return files == 1 ? request : request + "message " + index + ".eml";
        }
    }

    TestNodes nodes;
    Node alice;
    Node bob;
    TcpProxy link;
    final Map<String, String> hashes = new LinkedHashMap<>();

    private List<String> start(Shape shape) throws Exception {
        nodes = new TestNodes();
        alice = nodes.start("alice", 2, 60);
        bob = nodes.start("bob");
        link = TcpProxy.start(bob.listenAddresses().getFirst());
        link.throttle(shape.bytesPerSecond);
        alice.addressBook().add(new Peer("bob", bob.identity().nodeId(), List.of(link.address())));
        for (int i = 0; i < shape.files; i++) {
            hashes.put(shape.name(i), Sha256.of(Sha256.randomFile(bob.home().publicDrive().resolve(shape.name(i)), shape.size + i, i)));
        }
        TestApi.Response started = Downloads.start(new TestApi(alice), "bob", List.of(shape.request), null, false);
        assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
        List<String> ids = new ArrayList<>();
        started.body().forEach(status -> ids.add(status.path("id").asText()));
        return ids;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (link != null) {
            link.close();
        }
        if (nodes != null) {
            nodes.close();
        }
    }

    /** Waits until a third of the bytes have arrived (verified chunks of the file, or small files landed, a group at a time). */
    private void awaitAThird(Shape shape) {
        long third = (long) shape.files * shape.size / 3;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> arrivedBytes() >= third);
    }

    private long arrivedBytes() throws Exception {
        long bytes = 0;
        for (JsonNode status : new TestApi(alice).get("/api/transfers").body()) {
            bytes += status.path("bytes").asLong();
        }
        return bytes;
    }

    private Map<String, String> awaitEnd(List<String> ids) throws Exception {
        Map<String, String> states = new HashMap<>();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).until(() -> {
            for (JsonNode status : new TestApi(alice).get("/api/transfers").body()) {
                states.put(status.path("id").asText(), status.path("state").asText());
            }
            return ids.stream().allMatch(id -> states.getOrDefault(id, "").matches("done|failed|cancelled|paused"));
        });
        return states;
    }

    private void assertEveryFileLandedWhole(Map<String, String> states) throws IOException {
        assertThat(states.values()).as("every file done").containsOnly("done");
        for (var file : hashes.entrySet()) {
            assertThat(Sha256.of(alice.home().publicDrive().resolve(file.getKey()))).as(file.getKey()).isEqualTo(file.getValue());
        }
        assertNothingLeftBehind();
    }

    private void assertNothingLeftBehind() throws IOException {
        try (Stream<Path> journals = Files.list(alice.home().journals())) {
            assertThat(journals).as("journals").isEmpty();
        }
        try (Stream<Path> files = Files.walk(alice.home().publicDrive())) {
            assertThat(files.map(path -> path.getFileName().toString())).as("partial files").noneMatch(name -> name.endsWith(".ft-partial"));
        }
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void aCutLinkIsResumedAndEveryFileLands(Shape shape) throws Exception {
        List<String> ids = start(shape);
        awaitAThird(shape);

        link.cutAll();

        assertEveryFileLandedWhole(awaitEnd(ids));
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void aStalledLinkIsDroppedAndEveryFileLands(Shape shape) throws Exception {
        List<String> ids = start(shape);
        awaitAThird(shape);

        link.stallAll();

        assertEveryFileLandedWhole(awaitEnd(ids));
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void aPauseOutlivesARestartOfTheReceiverAndResumeFinishes(Shape shape) throws Exception {
        List<String> ids = start(shape);
        awaitAThird(shape);
        TestApi api = new TestApi(alice);
        for (String id : ids) {
            api.post("/api/transfers/" + id + "/pause", "{}");
        }
        Map<String, String> paused = awaitEnd(ids);
        assertThat(paused.values()).contains("paused");

        alice.close();
        alice = nodes.restart(alice.home());
        TestApi restarted = new TestApi(alice);
        List<String> open = new ArrayList<>();
        for (String id : ids) {
            if (paused.get(id).equals("paused")) {
                // Asked at once: a node's API answers only after its main process has read the journals.
                assertThat(restarted.get("/api/transfers/" + id).body().path("state").asText()).as(id).isEqualTo("paused");
                assertThat(restarted.post("/api/transfers/" + id + "/resume", "{}").status()).isEqualTo(202);
                open.add(id);
            }
        }

        Map<String, String> states = awaitEnd(open);
        assertThat(states.entrySet().stream().filter(entry -> open.contains(entry.getKey())).map(Map.Entry::getValue)).containsOnly("done");
        for (var file : hashes.entrySet()) {
            assertThat(Sha256.of(alice.home().publicDrive().resolve(file.getKey()))).as(file.getKey()).isEqualTo(file.getValue());
        }
        assertNothingLeftBehind();
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void aCancelLeavesNoPartialFileAndNoJournal(Shape shape) throws Exception {
        List<String> ids = start(shape);
        awaitAThird(shape);
        TestApi api = new TestApi(alice);
        for (String id : ids) {
            api.delete("/api/transfers/" + id);
        }

        Map<String, String> states = awaitEnd(ids);

        assertThat(states.values()).contains("cancelled").isSubsetOf("cancelled", "done");
        for (int i = 0; i < shape.files; i++) {
            Path target = alice.home().publicDrive().resolve(shape.name(i));
            assertThat(Drive.partialPathOf(target)).doesNotExist();
        }
        assertNothingLeftBehind();
    }
}
