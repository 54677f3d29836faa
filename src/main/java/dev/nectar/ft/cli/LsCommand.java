package dev.nectar.ft.cli;

import dev.nectar.ft.wire.FileInfo;
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
    public Integer call() throws Exception {
        Duration timeout = Timeouts.of(timeoutSeconds);
        FileInfo[] files = ApiClient.of(root.home()).get("/api/peers/" + ApiClient.segment(peer) + "/files?timeoutMillis="
                + timeout.toMillis(), timeout, FileInfo[].class);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, files);
            return 0;
        }
        if (files.length == 0) {
            out.println(peer + " shares no files");
            return 0;
        }
        long total = 0;
        for (FileInfo file : files) {
            total += file.size();
            out.printf("%10s  %s%n", HumanBytes.format(file.size()), file.name());
        }
        out.printf("%10s  total in %d file%s%n", HumanBytes.format(total), files.length, files.length == 1 ? "" : "s");
        return 0;
    }
}
