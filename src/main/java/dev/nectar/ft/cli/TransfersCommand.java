package dev.nectar.ft.cli;

import dev.nectar.ft.wire.TransferStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "transfers", description = {"List this node's downloads, active and finished; with --sending, what peers download",
        "from it; with --all, both, each marked with its direction."})
final class TransfersCommand implements Callable<Integer> {

    @ParentCommand
    FtCommand root;
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Option(names = "--sending", description = "List uploads: what peers download from this node.")
    boolean sending;

    @Option(names = "--all", description = "List downloads and uploads.")
    boolean all;

    @Option(names = "--clear", description = "Forget every finished transfer, both ways (paused downloads stay), then list.")
    boolean clear;

    @Option(names = "--finished", paramLabel = "N|all", description = {"How many of the transfers that ended to list, the last",
            "to end (default: 20; with --json, all). Those not over are always listed."})
    String finished;

    @Override
    public Integer call() throws Exception {
        ApiClient api = ApiClient.of(root.home());
        if (clear) {
            api.delete("/api/transfers");
        }
        String direction = all ? "all" : sending ? TransferStatus.SEND : TransferStatus.RECEIVE;
        StatusAnswer answer = api.getStatuses("/api/transfers/overview?direction=" + direction + "&finished=" + finishedLimit(),
                Duration.ofSeconds(10));
        List<TransferStatus> transfers = answer.transfers();
        Map<String, Long> earlierByState = new LinkedHashMap<>();
        answer.rest().path("earlier").properties().forEach(entry -> earlierByState.put(entry.getKey(), entry.getValue().asLong()));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, transfers);
            return 0;
        }
        if (transfers.isEmpty() && earlierByState.isEmpty()) {
            out.println(sending ? "no uploads yet: nobody downloaded from this node since it started"
                    : "no transfers yet: start one with `ft get PEER NAME`");
            return 0;
        }
        DateTimeFormatter time = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
        for (TransferStatus status : transfers) {
            String arrow = status.isUpload() ? "to  " : "from";
            out.printf("%-20s %s %-10s %s%n", status.id(), arrow, status.peer(), ProgressLine.of(status));
            String times = status.startedAt() == 0 ? "" : "started " + time.format(Instant.ofEpochMilli(status.startedAt()))
                    + (status.finishedAt() == 0 ? "" : ", ended " + time.format(Instant.ofEpochMilli(status.finishedAt()))
                    + averageRate(status)) + "; ";
            out.printf("%36s %sattempts %d, %s over the wire, %s reused%s%n", "", times, status.attempts(),
                    HumanBytes.format(status.wireBytes()), HumanBytes.format(status.reusedBytes()),
                    status.note() == null ? "" : "; " + status.note());
        }
        long earlier = earlierByState.values().stream().mapToLong(Long::longValue).sum();
        if (earlier > 0) {
            String byState = earlierByState.entrySet().stream()
                    .map(entry -> String.format(Locale.ROOT, "%,d %s", entry.getValue(), entry.getKey()))
                    .collect(Collectors.joining(", "));
            out.printf(Locale.ROOT, "%,d earlier finished transfer%s not listed: %s (`ft transfers --finished all` lists them, "
                    + "`--clear` forgets them)%n", earlier, earlier == 1 ? "" : "s", byState);
        }
        return 0;
    }

    private String finishedLimit() {
        if (finished == null) {
            return json ? "all" : "20";
        }
        if (!finished.equals("all") && !finished.matches("[0-9]{1,9}")) {
            throw new CliException("--finished takes a number of transfers or all, not '" + finished + "'");
        }
        return finished;
    }

    private static String averageRate(TransferStatus status) {
        long millis = status.finishedAt() - status.startedAt();
        return millis <= 0 || status.wireBytes() == 0 ? "" : ", " + HumanBytes.format(status.wireBytes() * 1000 / millis) + "/s on average";
    }
}
