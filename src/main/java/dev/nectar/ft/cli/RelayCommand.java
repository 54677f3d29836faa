package dev.nectar.ft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "relay", description = {"Choose the relays this node registers with, so that nodes that cannot reach it",
        "can reach it through them (its ticket then names them). A node relays for others with `ft node --relay`."},
        subcommands = {RelayCommand.Add.class, RelayCommand.Ls.class, RelayCommand.Rm.class})
final class RelayCommand {
    @ParentCommand
    FtCommand root;

    ApiClient api() {
        return ApiClient.of(root.home());
    }

    @Command(name = "add", description = "Register with the relay of this ticket (`ft id --ticket` on the relay), now and at every start.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        RelayCommand relay;
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "TICKET")
        String ticket;

        @Override
        public Integer call() {
            ObjectNode body = new ObjectMapper().createObjectNode().put("ticket", ticket);
            JsonNode added = relay.api().post("/api/relays", body, Duration.ofSeconds(10));
            spec.commandLine().getOut().println("added relay " + added.path("name").asText() + " (" + added.path("shortId").asText()
                    + "); `ft relay ls` shows when this node is registered with it");
            return 0;
        }
    }

    @Command(name = "ls", description = "List the relays this node uses, and whether it is registered with each now.")
    static final class Ls implements Callable<Integer> {
        @ParentCommand
        RelayCommand relay;
        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print JSON for scripts.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode answer = relay.api().get("/api/relays", Duration.ofSeconds(10));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(answer.toString());
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
    }

    @Command(name = "rm", description = "Stop using a relay.")
    static final class Rm implements Callable<Integer> {
        @ParentCommand
        RelayCommand relay;
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            relay.api().delete("/api/relays/" + ApiClient.segment(name));
            spec.commandLine().getOut().println("removed relay " + name);
            return 0;
        }
    }
}
