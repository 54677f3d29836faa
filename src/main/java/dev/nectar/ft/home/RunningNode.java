package dev.nectar.ft.home;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
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
            RunningNode node = JSON.readValue(home.runningNode().toFile(), RunningNode.class);
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
