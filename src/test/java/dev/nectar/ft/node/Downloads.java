package dev.nectar.ft.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Starts downloads through a node's API and waits for them to end, for tests. */
public final class Downloads {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Downloads() {}

    /** Starts the downloads; returns the HTTP response (202 with the transfers, or an error). */
    public static TestApi.Response start(TestApi api, String peer, List<String> names, String to, boolean overwrite) throws Exception {
        ObjectNode request = JSON.createObjectNode();
        request.put("peer", peer);
        names.forEach(request.putArray("names")::add);
        if (to != null) {
            request.put("to", to);
        }
        request.put("overwrite", overwrite);
        return api.post("/api/downloads", request.toString());
    }

    /** Starts the downloads and returns their final statuses once every one has ended. */
    public static List<JsonNode> run(TestApi api, String peer, List<String> names, String to, boolean overwrite) throws Exception {
        TestApi.Response started = start(api, peer, names, to, overwrite);
        assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
        List<String> ids = new ArrayList<>();
        started.body().forEach(status -> ids.add(status.path("id").asText()));
        return awaitEnd(api, ids);
    }

    /** The final statuses of these transfers, in their order, once every one has ended; one request per look. */
    public static List<JsonNode> awaitEnd(TestApi api, List<String> ids) {
        List<JsonNode> finals = new ArrayList<>();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).until(() -> {
            finals.clear();
            Map<String, JsonNode> byId = new HashMap<>();
            api.get("/api/transfers?direction=all").body().forEach(status -> byId.put(status.path("id").asText(), status));
            for (String id : ids) {
                finals.add(byId.containsKey(id) ? byId.get(id) : api.get("/api/transfers/" + id).body());
            }
            return finals.stream().allMatch(status -> status.path("state").asText().matches("done|failed|cancelled|paused"));
        });
        return finals;
    }

    public static JsonNode runOne(TestApi api, String peer, String name) throws Exception {
        return run(api, peer, List.of(name), null, false).getFirst();
    }
}
