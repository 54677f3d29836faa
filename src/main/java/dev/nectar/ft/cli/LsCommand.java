package dev.nectar.ft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "ls", description = "List the files in a peer's public drive.")
final class LsCommand implements Callable<Integer> {
    @ParentCommand
    FtCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PEER", description = "A peer name or node id (or 'our' for this node).")
    String peer;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5", description = "How long to wait for the peer (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Override
    public Integer call() {
        Duration timeout = Timeouts.of(timeoutSeconds);
        JsonNode files = ApiClient.of(root.home()).get("/api/peers/" + ApiClient.segment(peer) + "/files?timeoutMillis="
                + timeout.toMillis(), timeout);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(files.toString());
            return 0;
        }
        if (files.isEmpty()) {
            out.println(peer + " shares no files");
            return 0;
        }
        long total = 0;
        for (JsonNode file : files) {
            total += file.path("size").asLong();
            out.printf("%10s  %s%n", HumanBytes.format(file.path("size").asLong()), file.path("name").asText());
        }
        out.printf("%10s  total in %d file%s%n", HumanBytes.format(total), files.size(), files.size() == 1 ? "" : "s");
        return 0;
    }
}
