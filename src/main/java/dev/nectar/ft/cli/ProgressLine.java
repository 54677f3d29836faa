package dev.nectar.ft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** One transfer as a line of text: name, bar, percent, bytes, rate and ETA, or how it ended. */
final class ProgressLine {
    private static final int BAR_WIDTH = 20;

    private ProgressLine() {}

    static String of(JsonNode status) {
        String state = status.path("state").asText();
        String name = status.path("name").asText();
        long bytes = status.path("bytes").asLong();
        long total = status.path("total").asLong();
        return switch (state) {
            case "done" -> String.format(Locale.ROOT, "%-30s done    %10s  -> %s", name, HumanBytes.format(total), status.path("path").asText());
            case "failed", "cancelled" -> String.format(Locale.ROOT, "%-30s %-7s %s", name, state, status.path("error").asText());
            case "resuming" -> String.format(Locale.ROOT, "%-30s resuming (attempt %d) %s", name, status.path("attempts").asInt(),
                    status.path("note").asText(""));
            case "running" -> {
                int percent = total == 0 ? 0 : (int) Math.min(100, bytes * 100 / total);
                int filled = percent * BAR_WIDTH / 100;
                long eta = status.path("etaSeconds").asLong(-1);
                yield String.format(Locale.ROOT, "%-30s [%s%s] %3d%%  %s / %s  %s/s  ETA %s", name, "#".repeat(filled),
                        "-".repeat(BAR_WIDTH - filled), percent, HumanBytes.format(bytes), HumanBytes.format(total),
                        HumanBytes.format(status.path("rate").asLong()), eta < 0 ? "--:--" : String.format(Locale.ROOT, "%d:%02d", eta / 60, eta % 60));
            }
            default -> String.format(Locale.ROOT, "%-30s %s", name, state);
        };
    }
}
