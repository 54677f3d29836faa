package dev.nectar.ft.home;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What a running node tells local clients in {@code node.json}: its process and where its API really listens. */
public record RunningNode(long pid, String api, List<String> listen) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public void save(Home home) throws IOException {
        AtomicFile.write(home.runningNode(), JSON.writeValueAsBytes(this));
    }

    /** The node that runs from this home, if its file exists and its process is alive. */
    public static Optional<RunningNode> find(Home home) {
        if (!Files.exists(home.runningNode())) {
            return Optional.empty();
        }
        try {
            // Read as a tree, not bound to this record: binding costs every command some 50 ms of introspection at start.
            JsonNode json = JSON.readTree(home.runningNode().toFile());
            List<String> listen = new ArrayList<>();
            json.path("listen").forEach(address -> listen.add(address.asText()));
            RunningNode node = new RunningNode(json.path("pid").asLong(-1), json.path("api").asText(), listen);
            boolean alive = ProcessHandle.of(node.pid()).map(ProcessHandle::isAlive).orElse(false);
            return alive ? Optional.of(node) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static void remove(Home home) throws IOException {
        Files.deleteIfExists(home.runningNode());
    }
}
