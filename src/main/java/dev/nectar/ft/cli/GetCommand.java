package dev.nectar.ft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "get", description = {"Download files or whole folders from a peer, with a progress bar per file.",
        "Exits 0 only when every file is complete and verified."})
final class GetCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(100);

    @ParentCommand
    FtCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PEER")
    String peer;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "NAME", description = "Files or folders (music/) of the peer's public drive.")
    List<String> names;

    @Option(names = "--to", paramLabel = "DIR", description = "Where to put the files (default: this node's public drive, so they are shared on).")
    Path to;

    @Option(names = "--overwrite", description = "Replace an existing file with other content (default: keep both, the new one as 'name (1).ext').")
    boolean overwrite;

    @Option(names = "--json", description = "Print the final status of each transfer as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ApiClient api = ApiClient.of(root.home());
        ObjectNode request = JSON.createObjectNode();
        request.put("peer", peer);
        ArrayNode list = request.putArray("names");
        names.forEach(list::add);
        if (to != null) {
            request.put("to", to.toAbsolutePath().normalize().toString());
        }
        request.put("overwrite", overwrite);
        JsonNode started = api.post("/api/downloads", request, Duration.ofSeconds(30));

        Map<String, JsonNode> latest = new LinkedHashMap<>();
        ProgressDisplay display = new ProgressDisplay(spec.commandLine().getOut(), !json && System.console() != null);
        started.forEach(status -> latest.put(status.path("id").asText(), status));
        long sequence = 0;
        while (true) {
            JsonNode changes = api.get("/api/transfers/changes?since=" + sequence, Duration.ofSeconds(10));
            if (changes.path("sequence").asLong() < sequence) {
                throw new CliException("the node was restarted and forgot these transfers; see `ft transfers`");
            }
            sequence = changes.path("sequence").asLong();
            for (JsonNode status : changes.path("transfers")) {
                latest.replace(status.path("id").asText(), status);
            }
            display.show(latest.values());
            if (latest.values().stream().allMatch(status -> status.path("state").asText().matches("done|failed|cancelled|paused"))) {
                break;
            }
            Thread.sleep(POLL.toMillis());
        }
        return finish(latest.values());
    }

    private int finish(java.util.Collection<JsonNode> statuses) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (json) {
            ArrayNode array = JSON.createArrayNode();
            statuses.forEach(array::add);
            out.println(array);
        }
        int failed = 0;
        for (JsonNode status : statuses) {
            String state = status.path("state").asText();
            if (!state.equals("done")) {
                failed++;
                String why = status.path("error").isTextual() ? status.path("error").asText() : state;
                err.println("ft: " + status.path("name").asText() + ": " + why);
            }
        }
        err.flush();
        return failed == 0 ? 0 : 1;
    }
}
