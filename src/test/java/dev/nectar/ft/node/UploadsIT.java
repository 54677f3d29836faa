package dev.nectar.ft.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nectar.ft.identity.Peer;
import dev.nectar.ft.net.TcpProxy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node sees what peers download from it as it sees its own downloads: the upload's status grows while it runs,
 * both nodes' byte counters agree with the file's size, the owner can cancel an upload and the downloader then
 * fails with that reason instead of asking again, and finished transfers can be cleared.
 */
class UploadsIT {
    private static final int MIB = 1 << 20;
    /** Frames, Hello and JSON bodies around 1 MiB chunks: far under 1 % of a file's size. */
    private static final double OVERHEAD = 0.01;

    private static JsonNode onlyUpload(TestApi api) throws Exception {
        JsonNode uploads = api.get("/api/uploads").body();
        assertThat(uploads.size()).as(uploads.toString()).isEqualTo(1);
        return uploads.get(0);
    }

    @Test
    void anUploadIsListedWhileItRunsAndBothSidesCountItsBytes() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node alice = nodes.start("alice");
            Node bob = nodes.start("bob");
            TestNodes.introduce(alice, bob);
            long size = 40L * MIB;
            Sha256.randomFile(bob.home().publicDrive().resolve("film.mkv"), size, 3);
            try (TcpProxy link = TcpProxy.start(bob.listenAddresses().getFirst())) {
                link.throttle(8L * MIB);
                alice.addressBook().add(new Peer("bob", bob.identity().nodeId(), List.of(link.address())));
                TestApi aliceApi = new TestApi(alice);
                TestApi bobApi = new TestApi(bob);
                String id = Downloads.start(aliceApi, "bob", List.of("film.mkv"), null, false).body().get(0).path("id").asText();

                await().atMost(Duration.ofSeconds(30)).until(() -> bobApi.get("/api/uploads").body().size() == 1
                        && onlyUpload(bobApi).path("bytes").asLong() > 4L * MIB);
                JsonNode running = onlyUpload(bobApi);
                assertThat(running.path("state").asText()).isEqualTo("running");
                assertThat(running.path("direction").asText()).isEqualTo("send");
                assertThat(running.path("peer").asText()).isEqualTo("alice");
                assertThat(running.path("name").asText()).isEqualTo("film.mkv");
                assertThat(running.path("total").asLong()).isEqualTo(size);
                assertThat(running.path("startedAt").asLong()).isPositive();
                long seen = running.path("bytes").asLong();
                await().atMost(Duration.ofSeconds(30)).until(() -> onlyUpload(bobApi).path("bytes").asLong() > seen);
                assertThat(bobApi.get("/api/transfers").body().size()).as("bob's downloads: none").isZero();

                assertThat(Downloads.awaitEnd(aliceApi, List.of(id)).getFirst().path("state").asText()).isEqualTo("done");
                await().atMost(Duration.ofSeconds(10)).until(() -> onlyUpload(bobApi).path("state").asText().equals("done"));
                JsonNode done = onlyUpload(bobApi);
                assertThat(done.path("bytes").asLong()).isEqualTo(size);
                assertThat(done.path("finishedAt").asLong()).isGreaterThanOrEqualTo(done.path("startedAt").asLong());
                JsonNode sent = bobApi.get("/api/activity").body();
                JsonNode received = aliceApi.get("/api/activity").body();
                assertThat(sent.path("total").path("sent").asLong()).isBetween(size, (long) (size * (1 + OVERHEAD)));
                assertThat(received.path("total").path("received").asLong()).isBetween(size, (long) (size * (1 + OVERHEAD)));
                assertThat(sent.path("peers").get(0).path("name").asText()).isEqualTo("alice");
                assertThat(sent.path("peers").get(0).path("sentLastMinute").asLong()).isGreaterThanOrEqualTo(size);
                assertThat(sent.path("history").size()).isEqualTo(300);
                long charted = 0;
                for (JsonNode second : sent.path("history")) {
                    charted += second.path("sent").asLong();
                }
                assertThat(charted).as("the per-second history holds the bytes of the last five minutes")
                        .isBetween(size / 2, (long) (size * (1 + OVERHEAD)));

                assertThat(bobApi.delete("/api/transfers").body().path("cleared").asInt()).isEqualTo(1);
                assertThat(bobApi.get("/api/uploads").body().size()).isZero();
            }
        }
    }

    @Test
    void anUploadCancelledByItsOwnerFailsTheDownloadWithThatReasonAndIsNotAskedAgain() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node alice = nodes.start("alice");
            Node bob = nodes.start("bob");
            TestNodes.introduce(alice, bob);
            Sha256.randomFile(bob.home().publicDrive().resolve("big.iso"), 40L * MIB, 4);
            try (TcpProxy link = TcpProxy.start(bob.listenAddresses().getFirst())) {
                link.throttle(4L * MIB);
                alice.addressBook().add(new Peer("bob", bob.identity().nodeId(), List.of(link.address())));
                TestApi aliceApi = new TestApi(alice);
                TestApi bobApi = new TestApi(bob);
                String id = Downloads.start(aliceApi, "bob", List.of("big.iso"), null, false).body().get(0).path("id").asText();
                await().atMost(Duration.ofSeconds(30)).until(() -> bobApi.get("/api/uploads").body().size() == 1
                        && onlyUpload(bobApi).path("bytes").asLong() > 0);
                String upload = onlyUpload(bobApi).path("id").asText();

                TestApi.Response cancelled = bobApi.delete("/api/uploads/" + upload);

                assertThat(cancelled.status()).isEqualTo(202);
                JsonNode failed = Downloads.awaitEnd(aliceApi, List.of(id)).getFirst();
                assertThat(failed.path("state").asText()).isEqualTo("failed");
                assertThat(failed.path("error").asText()).isEqualTo("bob stopped sending: cancelled by the sending node's owner");
                assertThat(failed.path("attempts").asInt()).as("not asked again").isEqualTo(1);
                await().atMost(Duration.ofSeconds(10)).until(() -> onlyUpload(bobApi).path("state").asText().equals("cancelled"));
                assertThat(bobApi.get("/api/uploads").body().size()).as("no second upload").isEqualTo(1);
                assertThat(bobApi.post("/api/transfers/" + upload + "/pause", "{}").status()).isEqualTo(404);
            }
        }
    }
}
