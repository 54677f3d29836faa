package dev.nectar.ft.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ft allow add|rm|ls}: the allow-list, printed as {@code ft access} prints it after each change. */
final class AllowCommand {
    private AllowCommand() {}

    static CommandSpec model() {
        return CommandModel.group("allow", List.of(
                        CommandModel.command("add", AllowCommand::add, "Allow a peer (by name) or any node (by node id).")
                                .addPositional(CommandModel.parameter("PEER|NODE_ID")),
                        CommandModel.command("rm", AllowCommand::remove, "Take a peer or node id off the allow-list.")
                                .addPositional(CommandModel.parameter("PEER|NODE_ID")),
                        CommandModel.command("ls", AllowCommand::list, "Show the access mode and the allow-list.")),
                "Edit the allow-list: the nodes that may list and download in allowlist mode.");
    }

    private static int add(Arguments arguments) {
        var body = JsonNodeFactory.instance.objectNode().put("peer", arguments.<String>parameter("PEER|NODE_ID"));
        AccessCommand.print(arguments.out(), ApiClient.of(arguments.home()).post("/api/access/allow", body, Duration.ofSeconds(10)));
        return 0;
    }

    private static int remove(Arguments arguments) {
        String path = "/api/access/allow/" + ApiClient.segment(arguments.parameter("PEER|NODE_ID"));
        AccessCommand.print(arguments.out(), ApiClient.of(arguments.home()).delete(path));
        return 0;
    }

    private static int list(Arguments arguments) {
        AccessCommand.print(arguments.out(), ApiClient.of(arguments.home()).get("/api/access", Duration.ofSeconds(10)));
        return 0;
    }
}
