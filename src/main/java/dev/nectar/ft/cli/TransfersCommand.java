package dev.nectar.ft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "transfers", description = "List active and finished transfers.")
final class TransfersCommand implements Callable<Integer> {
    @ParentCommand
    FtCommand root;
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Override
    public Integer call() {
        JsonNode transfers = ApiClient.of(root.home()).get("/api/transfers", Duration.ofSeconds(10));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(transfers);
            return 0;
        }
        if (transfers.isEmpty()) {
            out.println("no transfers yet: start one with `ft get PEER NAME`");
            return 0;
        }
        for (JsonNode status : transfers) {
            out.printf("%-20s %-10s %s%n", status.path("id").asText(), status.path("peer").asText(), ProgressLine.of(status));
            out.printf("%31s attempts %d, %s over the wire, %s reused%s%n", "", status.path("attempts").asInt(),
                    HumanBytes.format(status.path("wireBytes").asLong()), HumanBytes.format(status.path("reusedBytes").asLong()),
                    status.path("note").isTextual() ? "; " + status.path("note").asText() : "");
        }
        return 0;
    }
}
