package dev.nectar.ft.cli;

import ch.qos.logback.classic.Level;
import dev.nectar.ft.home.HostPort;
import dev.nectar.ft.home.Home;
import dev.nectar.ft.home.RunningNode;
import dev.nectar.ft.node.HomeInitializer;
import dev.nectar.ft.node.Node;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;

final class NodeCommand {
    private NodeCommand() {}

    static CommandSpec model() {
        return CommandModel.command("node", NodeCommand::run,
                        "Run the node in the foreground (initializes the home first if it is new).")
                .addOption(CommandModel.option("--listen", "HOST:PORT", "Where other nodes connect (default: from config.toml, 0.0.0.0:7700)."))
                .addOption(CommandModel.option("--api", "HOST:PORT",
                        "Where the local API listens, on loopback (default: from config.toml, 127.0.0.1:7701)."))
                .addOption(CommandModel.option("--name", "NAME", "The name for a new home (ignored if the home exists)."))
                .addOption(CommandModel.flag("--no-discovery",
                        "Neither announce this node nor listen for others on the local network (as `discovery = false` in config.toml)."))
                .addOption(CommandModel.flag("--relay",
                        "Relay for other nodes: join nodes that cannot reach each other (as `relay = true` in config.toml)."));
    }

    private static int run(Arguments arguments) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.nectar.ft")).setLevel(Level.INFO);
        Logger log = LoggerFactory.getLogger(NodeCommand.class);
        Home home = arguments.home();
        String listen = arguments.option("--listen");
        String api = arguments.option("--api");
        RunningNode.find(home).ifPresent(running -> {
            throw new CliException("a node already runs from " + home + " (pid " + running.pid() + ", API " + running.api() + ")");
        });
        HomeInitializer.Result setup = HomeInitializer.initialize(home, arguments.option("--name"));
        if (setup.created()) {
            log.info("initialized a new node in {}", home);
        }
        HostPort listenAddress = listen == null ? null : parse(listen, "--listen");
        HostPort apiAddress = api == null ? null : parse(api, "--api");
        Node node = Node.start(home, listenAddress, apiAddress, !arguments.flag("--no-discovery"), arguments.flag("--relay"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping");
            node.close();
            stopped.countDown();
        }, "shutdown"));
        log.info("node {} ({}) listening on {}; API on http://{}; sharing {}", node.name(),
                node.identity().nodeId().shortForm(), String.join(", ", node.listenAddresses().stream().map(HostPort::toString).toList()),
                node.apiAddress(), home.publicDrive());
        if (node.network().isRelay()) {
            log.info("relaying for other nodes; they add this node with `ft relay add {}`", node.ticket().encode());
        }
        log.info("web UI: {} (a one-time login link; `ft ui` makes another)", node.uiLoginLink());
        stopped.await();
        return 0;
    }

    private static HostPort parse(String value, String option) {
        try {
            return HostPort.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CliException(option + ": " + e.getMessage());
        }
    }
}
