package dev.nectar.ft.cli;

import dev.nectar.ft.wire.TransferStatus;
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
    public Integer call() throws Exception {
        TransferStatus[] transfers = ApiClient.of(root.home()).get("/api/transfers", Duration.ofSeconds(10), TransferStatus[].class);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, transfers);
            return 0;
        }
        if (transfers.length == 0) {
            out.println("no transfers yet: start one with `ft get PEER NAME`");
            return 0;
        }
        for (TransferStatus status : transfers) {
            out.printf("%-20s %-10s %s%n", status.id(), status.peer(), ProgressLine.of(status));
            out.printf("%31s attempts %d, %s over the wire, %s reused%s%n", "", status.attempts(),
                    HumanBytes.format(status.wireBytes()), HumanBytes.format(status.reusedBytes()),
                    status.note() == null ? "" : "; " + status.note());
        }
        return 0;
    }
}
