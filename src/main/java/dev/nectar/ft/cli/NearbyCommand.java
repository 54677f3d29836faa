package dev.nectar.ft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

final class NearbyCommand {
    private NearbyCommand() {}

    static CommandSpec model() {
        return CommandModel.command("nearby", NearbyCommand::run,
                        "List the nodes heard on the local network lately: name, node id, addresses, and the peer name of those "
                                + "already in the address book.",
                        "Add one with `ft peer add --nearby NAME_OR_ID`.")
                .addOption(CommandModel.flag("--json", "Print JSON for scripts."));
    }

    private static int run(Arguments arguments) {
        JsonNode answer = ApiClient.of(arguments.home()).get("/api/nearby", Duration.ofSeconds(10));
        PrintWriter out = arguments.out();
        boolean json = arguments.flag("--json");
        if (json) {
            out.println(JsonTree.text(answer.path("nodes")));
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
