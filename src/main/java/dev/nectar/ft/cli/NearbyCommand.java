package dev.nectar.ft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "nearby", description = {"List the nodes heard on the local network lately: name, node id, addresses, and",
        "the peer name of those already in the address book. Add one with `ft peer add --nearby NAME_OR_ID`."})
final class NearbyCommand implements Callable<Integer> {
    @ParentCommand
    FtCommand root;
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Override
    public Integer call() {
        JsonNode answer = ApiClient.of(root.home()).get("/api/nearby", Duration.ofSeconds(10));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(answer.path("nodes").toString());
            return 0;
        }
        if (!answer.path("discovery").asBoolean()) {
            out.println("discovery is off (discovery = false in config.toml, or --no-discovery): no nodes are heard");
            return 0;
        }
        if (answer.path("nodes").isEmpty()) {
            out.println("no nodes heard nearby yet (they announce themselves every 30 s)");
            return 0;
        }
        for (JsonNode node : answer.path("nodes")) {
            List<String> addresses = new ArrayList<>();
            node.path("addresses").forEach(address -> addresses.add(address.asText()));
            String peer = node.path("peer").isTextual() ? "peer " + node.path("peer").asText() : "not a peer";
            out.printf("%-20s %s  %-20s  %s%n", node.path("name").asText(), node.path("shortId").asText(), peer, String.join(", ", addresses));
        }
        return 0;
    }
}
