package dev.nectar.ft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ft relay add|ls|rm}: the relays this node registers with. */
final class RelayCommand {
    private RelayCommand() {}

    static CommandSpec model() {
        return CommandModel.group("relay", List.of(
                        CommandModel.command("add", RelayCommand::add,
                                        "Register with the relay of this ticket (`ft id --ticket` on the relay), now and at every start.")
                                .addPositional(CommandModel.parameter("TICKET")),
                        CommandModel.command("ls", RelayCommand::list,
                                        "List the relays this node uses, and whether it is registered with each now.")
                                .addOption(CommandModel.flag("--json", "Print JSON for scripts.")),
                        CommandModel.command("rm", RelayCommand::remove, "Stop using a relay.")
                                .addPositional(CommandModel.parameter("NAME"))),
                "Choose the relays this node registers with, so that nodes that cannot reach it can reach it through them.",
                "Its ticket then names them. A node relays for others with `ft node --relay`.");
    }

    private static int add(Arguments arguments) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("ticket", arguments.<String>parameter("TICKET"));
        JsonNode added = ApiClient.of(arguments.home()).post("/api/relays", body, Duration.ofSeconds(10));
        arguments.out().println("added relay " + added.path("name").asText() + " (" + added.path("shortId").asText()
                + "); `ft relay ls` shows when this node is registered with it");
        return 0;
    }

    private static int list(Arguments arguments) {
        JsonNode answer = ApiClient.of(arguments.home()).get("/api/relays", Duration.ofSeconds(10));
        PrintWriter out = arguments.out();
        if (arguments.flag("--json")) {
            out.println(JsonTree.text(answer));
            return 0;
        }
        if (answer.path("relay").asBoolean()) {
            JsonNode load = answer.path("load");
            out.printf("this node relays for others: %d nodes registered, %d sessions, %s buffered%n", load.path("nodes").asInt(),
                    load.path("sessions").asInt(), HumanBytes.format(load.path("bufferedBytes").asLong()));
        }
        if (answer.path("relays").isEmpty()) {
            out.println("no relays: add one with `ft relay add TICKET`");
            return 0;
        }
        for (JsonNode entry : answer.path("relays")) {
            List<String> addresses = new ArrayList<>();
            entry.path("addresses").forEach(address -> addresses.add(address.asText()));
            String state = entry.path("registered").asBoolean() ? "registered" : "not registered: " + entry.path("problem").asText("connecting");
            out.printf("%-20s %s  %s  %s%n", entry.path("name").asText(), entry.path("shortId").asText(),
                    String.join(", ", addresses), state);
        }
        return 0;
    }

    private static int remove(Arguments arguments) {
        String name = arguments.parameter("NAME");
        ApiClient.of(arguments.home()).delete("/api/relays/" + ApiClient.segment(name));
        arguments.out().println("removed relay " + name);
        return 0;
    }
}
