package dev.nectar.ft.home;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What a running node tells local clients in {@code node.json}: its process and where its API really listens. */
public record RunningNode(long pid, String api, List<String> listen) {
    private static final JsonFactory JSON = new JsonFactory();

    public void save(Home home) throws IOException {
        AtomicFile.write(home.runningNode(), new ObjectMapper().writeValueAsBytes(this));
    }

    /** The node that runs from this home, if its file exists and its process is alive. */
    public static Optional<RunningNode> find(Home home) {
        if (!Files.exists(home.runningNode())) {
            return Optional.empty();
        }
        // Read field by field with jackson-core's parser alone: every command reads this file first, and an ObjectMapper
        // (even for a tree) costs its start 35-45 ms, binding to this record some 50 more.
        try (JsonParser json = JSON.createParser(home.runningNode().toFile())) {
            long pid = -1;
            String api = "";
            List<String> listen = new ArrayList<>();
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                switch (field) {
                    case "pid" -> pid = json.getValueAsLong(-1);
                    case "api" -> api = json.getValueAsString("");
                    case "listen" -> {
                        while (value == JsonToken.START_ARRAY && json.nextToken() != JsonToken.END_ARRAY) {
                            listen.add(json.getValueAsString(""));
                            json.skipChildren();
                        }
                    }
                    default -> { }
                }
                // Past whatever the value holds, an object or array where text was expected included.
                json.skipChildren();
            }
            RunningNode node = new RunningNode(pid, api, listen);
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
