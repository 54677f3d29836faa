package dev.nectar.ft.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "allow", description = "Edit the allow-list: the nodes that may list and download in allowlist mode.",
        subcommands = {AllowCommand.Add.class, AllowCommand.Rm.class, AllowCommand.Ls.class})
final class AllowCommand {
    @ParentCommand
    FtCommand root;

    ApiClient api() {
        return ApiClient.of(root.home());
    }

    @Command(name = "add", description = "Allow a peer (by name) or any node (by node id).")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        AllowCommand allow;
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PEER|NODE_ID")
        String peer;

        @Override
        public Integer call() {
            var body = new ObjectMapper().createObjectNode().put("peer", peer);
            AccessCommand.print(spec.commandLine().getOut(), allow.api().post("/api/access/allow", body, Duration.ofSeconds(10)));
            return 0;
        }
    }

    @Command(name = "rm", description = "Take a peer or node id off the allow-list.")
    static final class Rm implements Callable<Integer> {
        @ParentCommand
        AllowCommand allow;
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PEER|NODE_ID")
        String peer;

        @Override
        public Integer call() {
            AccessCommand.print(spec.commandLine().getOut(), allow.api().delete("/api/access/allow/" + ApiClient.segment(peer)));
            return 0;
        }
    }

    @Command(name = "ls", description = "Show the access mode and the allow-list.")
    static final class Ls implements Callable<Integer> {
        @ParentCommand
        AllowCommand allow;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            AccessCommand.print(spec.commandLine().getOut(), allow.api().get("/api/access", Duration.ofSeconds(10)));
            return 0;
        }
    }
}
