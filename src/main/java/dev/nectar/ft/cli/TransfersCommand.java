package dev.nectar.ft.cli;

import dev.nectar.ft.wire.TransferStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;

final class TransfersCommand {
    private TransfersCommand() {}

    static CommandSpec model() {
        return CommandModel.command("transfers", TransfersCommand::run,
                        "List this node's downloads, active and finished; with --sending, what peers download from it.",
                        "With --all, both, each marked with its direction.")
                .addOption(CommandModel.flag("--json", "Print JSON for scripts."))
                .addOption(CommandModel.flag("--sending", "List uploads: what peers download from this node."))
                .addOption(CommandModel.flag("--all", "List downloads and uploads."))
                .addOption(CommandModel.flag("--clear", "Forget every finished transfer, both ways (paused downloads stay), then list."))
                .addOption(CommandModel.option("--finished", "N|all", "How many of the transfers that ended to list, the last "
                        + "to end (default: 20; with --json, all). Those not over are always listed."));
    }

    private static int run(Arguments arguments) throws IOException {
        boolean json = arguments.flag("--json");
        boolean sending = arguments.flag("--sending");
        ApiClient api = ApiClient.of(arguments.home());
        if (arguments.flag("--clear")) {
            api.delete("/api/transfers");
        }
        String direction = arguments.flag("--all") ? "all" : sending ? TransferStatus.SEND : TransferStatus.RECEIVE;
        String finished = finishedLimit(arguments.option("--finished"), json);
        StatusAnswer answer = api.getStatuses("/api/transfers/overview?direction=" + direction + "&finished=" + finished,
                Duration.ofSeconds(10));
        List<TransferStatus> transfers = answer.transfers();
        Map<String, Long> earlierByState = new LinkedHashMap<>();
        answer.rest().path("earlier").properties().forEach(entry -> earlierByState.put(entry.getKey(), entry.getValue().asLong()));
        PrintWriter out = arguments.out();
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
                    status.note() == null ? "" : "; " + Printable.of(status.note()));
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

    private static String finishedLimit(String finished, boolean json) {
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
