package dev.nectar.ft.cli;

import dev.nectar.ft.home.Home;
import dev.nectar.ft.node.HomeInitializer;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "init", description = "Create this node's identity, config and public drive (never replaces an existing identity).")
final class InitCommand implements Callable<Integer> {
    @ParentCommand
    FtCommand root;
    @Spec
    CommandSpec spec;

    @Option(names = "--name", paramLabel = "NAME", description = "The name this node gives itself (default: the host name).")
    String name;

    @Override
    public Integer call() throws Exception {
        Home home = root.home();
        HomeInitializer.Result result = HomeInitializer.initialize(home, name);
        PrintWriter out = spec.commandLine().getOut();
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
