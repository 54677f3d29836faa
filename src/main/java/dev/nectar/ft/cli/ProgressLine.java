package dev.nectar.ft.cli;

import dev.nectar.ft.wire.TransferStatus;
import java.util.Locale;

/** One transfer as a line of text: name, bar, percent, bytes, rate and ETA, or how it ended. */
final class ProgressLine {
    private static final int BAR_WIDTH = 20;

    private ProgressLine() {}

    static String of(TransferStatus status) {
        String state = status.state();
        String name = Printable.of(status.name());
        long bytes = status.bytes();
        long total = status.total();
        return switch (state) {
            case TransferStatus.DONE -> String.format(Locale.ROOT, "%-30s done    %10s  -> %s%s%s", name, HumanBytes.format(total), Printable.of(status.path()),
                    status.sources().isEmpty() ? "" : "  (from " + status.sources().stream().filter(source -> source.bytes() > 0).count() + " sources)",
                    filesOf(status));
            case TransferStatus.FAILED, TransferStatus.CANCELLED -> String.format(Locale.ROOT, "%-30s %-7s %s", name, state, Printable.of(status.error()));
            case TransferStatus.RESUMING -> String.format(Locale.ROOT, "%-30s resuming (attempt %d) %s", name, status.attempts(),
                    status.note() == null ? "" : Printable.of(status.note()));
            case TransferStatus.RUNNING -> {
                int percent = (int) status.percent();
                int filled = percent * BAR_WIDTH / 100;
                long eta = status.etaSeconds();
                yield String.format(Locale.ROOT, "%-30s [%s%s] %3d%%  %s / %s  %s/s  ETA %s%s", name, "#".repeat(filled),
                        "-".repeat(BAR_WIDTH - filled), percent, HumanBytes.format(bytes), HumanBytes.format(total),
                        HumanBytes.format(status.rate()), eta < 0 ? "--:--" : String.format(Locale.ROOT, "%d:%02d", eta / 60, eta % 60),
                        sourcesNow(status) + filesOf(status));
            }
            default -> String.format(Locale.ROOT, "%-30s %s%s", name, state, filesOf(status));
        };
    }

    /** For a folder downloaded as one transfer: how many of its files landed, and failed. */
    private static String filesOf(TransferStatus status) {
        TransferStatus.Folder folder = status.folder();
        if (folder == null) {
            return "";
        }
        String files = folder.files() < 0 ? String.format(Locale.ROOT, "%,d files, counting", folder.done())
                : String.format(Locale.ROOT, "%,d/%,d files", folder.done(), folder.files());
        return "  " + files + (folder.failed() == 0 ? "" : String.format(Locale.ROOT, " (%,d failed)", folder.failed()));
    }

    /** A swarm download's sources serving it now (the origin and the peers still active), or nothing for one source. */
    private static String sourcesNow(TransferStatus status) {
        long serving = status.sources().stream().filter(source -> source.state().equals(TransferStatus.Source.ORIGIN)
                || source.state().equals(TransferStatus.Source.ACTIVE)).count();
        return status.sources().isEmpty() ? "" : "  " + serving + (serving == 1 ? " source" : " sources");
    }
}
