package dev.nectar.ft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ft peer add|ls|rm}: the address book. */
final class PeerCommand {
    private PeerCommand() {}

    static CommandSpec model() {
        return CommandModel.group("peer", List.of(
                        CommandModel.command("add", PeerCommand::add,
                                        "Add a peer from its ticket (`ft id --ticket` on that node), or one heard on the local network "
                                                + "(`ft nearby`) with --nearby NAME_OR_ID.")
                                .addPositional(CommandModel.optionalParameter("TICKET"))
                                .addOption(CommandModel.option("--nearby", "NAME_OR_ID",
                                        "Add the node of this name (when unique) or node id heard nearby."))
                                .addOption(CommandModel.option("--as", "NAME", "Call the peer NAME instead of the name in its ticket.")),
                        CommandModel.command("ls", PeerCommand::list, "List the peers in the address book.")
                                .addOption(CommandModel.flag("--json", "Print JSON for scripts.")),
                        CommandModel.command("rm", PeerCommand::remove, "Remove a peer from the address book.")
                                .addPositional(CommandModel.parameter("NAME"))),
                "Manage the address book.");
    }

    private static int add(Arguments arguments) {
        String ticket = arguments.parameter("TICKET");
        String nearby = arguments.option("--nearby");
        String as = arguments.option("--as");
        if ((ticket == null) == (nearby == null)) {
            throw new CliException("name a TICKET or --nearby NAME_OR_ID, one of the two");
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put(ticket != null ? "ticket" : "node", ticket != null ? ticket : nearby);
        if (as != null) {
            body.put("as", as);
        }
        JsonNode added = ApiClient.of(arguments.home()).post(ticket != null ? "/api/peers" : "/api/nearby/add", body, Duration.ofSeconds(10));
        arguments.out().println("added peer " + added.path("name").asText() + " (" + added.path("shortId").asText() + ")");
        return 0;
    }

    private static int list(Arguments arguments) {
        JsonNode peers = ApiClient.of(arguments.home()).get("/api/peers", Duration.ofSeconds(10));
        PrintWriter out = arguments.out();
        if (arguments.flag("--json")) {
            out.println(JsonTree.text(peers));
            return 0;
        }
        if (peers.isEmpty()) {
            out.println("no peers yet: add one with `ft peer add TICKET`");
            return 0;
        }
        for (JsonNode entry : peers) {
            List<String> addresses = new ArrayList<>();
            entry.path("addresses").forEach(address -> addresses.add(address.asText()));
            entry.path("relays").forEach(relay -> addresses.add("relay " + relay.asText()));
            // How an online peer is reached: "direct", or "via RELAY" when only a relay joins the two nodes.
            out.printf("%-20s %s  %-16s  %s%n", entry.path("name").asText(), entry.path("shortId").asText(),
                    entry.path("online").asBoolean() ? entry.path("path").asText("online") : "-", String.join(", ", addresses));
        }
        return 0;
    }

    private static int remove(Arguments arguments) {
        String name = arguments.parameter("NAME");
        ApiClient.of(arguments.home()).delete("/api/peers/" + ApiClient.segment(name));
        arguments.out().println("removed peer " + name);
        return 0;
    }
}
