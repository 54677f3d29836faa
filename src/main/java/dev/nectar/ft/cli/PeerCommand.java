package dev.nectar.ft.cli;

import com.fasterxml.jackson.databind.JsonNode;
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

@Command(name = "peer", description = "Manage the address book.",
        subcommands = {PeerCommand.Add.class, PeerCommand.Ls.class, PeerCommand.Rm.class})
final class PeerCommand {
    @ParentCommand
    FtCommand root;

    ApiClient api() {
        return ApiClient.of(root.home());
    }

    @Command(name = "add", description = {"Add a peer from its ticket (`ft id --ticket` on that node),",
            "or one heard on the local network (`ft nearby`) with --nearby NAME_OR_ID."})
    static final class Add implements Callable<Integer> {
        @ParentCommand
        PeerCommand peer;
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "TICKET", arity = "0..1")
        String ticket;

        @Option(names = "--nearby", paramLabel = "NAME_OR_ID", description = "Add the node of this name (when unique) or node id heard nearby.")
        String nearby;

        @Option(names = "--as", paramLabel = "NAME", description = "Call the peer NAME instead of the name in its ticket.")
        String as;

        @Override
        public Integer call() {
            if ((ticket == null) == (nearby == null)) {
                throw new CliException("name a TICKET or --nearby NAME_OR_ID, one of the two");
            }
            ObjectNode body = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
            body.put(ticket != null ? "ticket" : "node", ticket != null ? ticket : nearby);
            if (as != null) {
                body.put("as", as);
            }
            JsonNode added = peer.api().post(ticket != null ? "/api/peers" : "/api/nearby/add", body, Duration.ofSeconds(10));
            spec.commandLine().getOut().println("added peer " + added.path("name").asText()
                    + " (" + added.path("shortId").asText() + ")");
            return 0;
        }
    }

    @Command(name = "ls", description = "List the peers in the address book.")
    static final class Ls implements Callable<Integer> {
        @ParentCommand
        PeerCommand peer;
        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print JSON for scripts.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode peers = peer.api().get("/api/peers", Duration.ofSeconds(10));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(peers.toString());
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
    }

    @Command(name = "rm", description = "Remove a peer from the address book.")
    static final class Rm implements Callable<Integer> {
        @ParentCommand
        PeerCommand peer;
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            peer.api().delete("/api/peers/" + ApiClient.segment(name));
            spec.commandLine().getOut().println("removed peer " + name);
            return 0;
        }
    }
}
