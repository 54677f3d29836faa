package dev.nectar.ft.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nectar.ft.node.Downloads;
import dev.nectar.ft.node.Node;
import dev.nectar.ft.node.Sha256;
import dev.nectar.ft.node.TestApi;
import dev.nectar.ft.node.TestNodes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The WebSocket event stream the web UI listens to: progress of every transfer up to its end. */
class EventStreamIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Collects every transfer status the stream sends. */
    private static final class Collector implements WebSocket.Listener {
        final List<JsonNode> statuses = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JSON.readTree(partial.toString()).path("transfers").forEach(statuses::add);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }
    }

    @Test
    void streamsEveryTransfersProgressUpToDone() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node alice = nodes.start("alice");
            Node bob = nodes.start("bob");
            TestNodes.introduce(alice, bob);
            Sha256.randomFile(bob.home().publicDrive().resolve("video.mkv"), 48L << 20, 3);
            TestApi api = new TestApi(alice);
            Collector events = new Collector();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://" + alice.apiAddress() + "/api/events?token=" + api.token()), events)
                    .get(10, TimeUnit.SECONDS);

            JsonNode done = Downloads.runOne(api, "bob", "video.mkv");
            String id = done.path("id").asText();

            await().atMost(Duration.ofSeconds(10)).until(() -> events.statuses.stream()
                    .anyMatch(status -> status.path("id").asText().equals(id) && status.path("state").asText().equals("done")));
            List<JsonNode> mine = events.statuses.stream().filter(status -> status.path("id").asText().equals(id)).toList();
            assertThat(mine.getLast().path("bytes").asLong()).isEqualTo(48L << 20);
            assertThat(mine.getLast().path("total").asLong()).isEqualTo(48L << 20);
            assertThat(mine).extracting(status -> status.path("bytes").asLong()).isSorted();
            assertThat(mine).allSatisfy(status -> assertThat(status.path("name").asText()).isEqualTo("video.mkv"));
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void refusesAClientWithoutTheToken() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node alice = nodes.start("alice");

            var attempt = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://" + alice.apiAddress() + "/api/events?token=wrong"), new Collector());

            assertThat(attempt).failsWithin(Duration.ofSeconds(10))
                    .withThrowableOfType(ExecutionException.class)
                    .havingCause()
                    .isInstanceOfSatisfying(WebSocketHandshakeException.class,
                            refused -> assertThat(refused.getResponse().statusCode()).isEqualTo(401));
        }
    }
}
