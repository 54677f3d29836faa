package dev.nectar.ft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nectar.ft.home.HostPort;
import dev.nectar.ft.home.Home;
import dev.nectar.ft.home.NodeConfig;
import dev.nectar.ft.home.RunningNode;
import dev.nectar.ft.identity.NodeIdentity;
import dev.nectar.ft.identity.Ticket;
import dev.nectar.ft.net.AdvertisedAddresses;
import dev.nectar.ft.net.RelayRegistrations;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

final class IdCommand {
    private IdCommand() {}

    static CommandSpec model() {
        return CommandModel.command("id", IdCommand::run, "Print this node's name, node id, addresses and ticket.")
                .addOption(CommandModel.flag("--ticket", "Print only the ticket, for `ft peer add` on another node."));
    }

    private static int run(Arguments arguments) throws IOException {
        Home home = arguments.home();
        if (!home.isInitialized()) {
            throw new CliException("no node in " + home + ": run `ft init` first");
        }
        Optional<RunningNode> running = RunningNode.find(home);
        Ticket ticket = running.isPresent() ? runningTicket(home, running.get()) : configuredTicket(home);
        PrintWriter out = arguments.out();
        if (arguments.flag("--ticket")) {
            out.println(ticket.encode());
            return 0;
        }
        out.println("name:      " + ticket.name());
        out.println("node id:   " + ticket.nodeId() + " (" + ticket.nodeId().shortForm() + ")");
        out.println("addresses: " + String.join(", ", ticket.addresses().stream().map(HostPort::toString).toList()));
        if (!ticket.relays().isEmpty()) {
            out.println("relays:    " + String.join(", ", ticket.relays().stream().map(HostPort::toString).toList()));
        }
        out.println("ticket:    " + ticket.encode());
        return 0;
    }

    /** A running node knows the addresses it really listens on (its port may have been chosen at start). */
    private static Ticket runningTicket(Home home, RunningNode running) {
        JsonNode node = ApiClient.of(home, running).get("/api/node", Duration.ofSeconds(5));
        return Ticket.decode(node.path("ticket").asText());
    }

    private static Ticket configuredTicket(Home home) throws IOException {
        NodeConfig config = NodeConfig.load(home);
        NodeIdentity identity = NodeIdentity.load(home);
        List<HostPort> addresses = AdvertisedAddresses.of(config.listenAddress());
        List<Ticket> relays = Ticket.decodeConfiguredRelays(config.relays());
        return new Ticket(config.name(), identity.nodeId(), addresses, RelayRegistrations.routesOf(relays));
    }
}
