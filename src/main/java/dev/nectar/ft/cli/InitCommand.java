package dev.nectar.ft.cli;

import dev.nectar.ft.home.Home;
import dev.nectar.ft.node.HomeInitializer;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

final class InitCommand {
    private InitCommand() {}

    static CommandSpec model() {
        return CommandModel.command("init", InitCommand::run,
                        "Create this node's identity, config and public drive (never replaces an existing identity).")
                .addOption(CommandModel.option("--name", "NAME", "The name this node gives itself (default: the host name)."));
    }

    private static int run(Arguments arguments) throws IOException {
        Home home = arguments.home();
        String name = arguments.option("--name");
        HomeInitializer.Result result = HomeInitializer.initialize(home, name);
        PrintWriter out = arguments.out();
        String who = result.config().name() + " (" + result.identity().nodeId().shortForm() + ")";
        if (result.created()) {
            out.println("initialized node " + who + " in " + home);
            out.println("share files by putting them in " + home.publicDrive());
        } else {
            out.println("node " + who + " already exists in " + home + "; kept its identity");
            if (name != null && !name.equals(result.config().name())) {
                out.println("its name stays '" + result.config().name() + "' (edit " + home.config() + " to change it)");
            }
        }
        return 0;
    }
}
