package dev.nectar.ft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Shows transfers as they go. On a terminal, one live line per file, redrawn in place; otherwise (a pipe, a
 * log) one line per file when it ends, so the output stays readable.
 */
final class ProgressDisplay {
    private static final String CURSOR_UP = "\u001b[%dA";
    private static final String CLEAR_LINE = "\u001b[2K";

    private final PrintWriter out;
    private final boolean live;
    private final Set<String> printed = new HashSet<>();
    private int drawnLines;

    ProgressDisplay(PrintWriter out, boolean live) {
        this.out = out;
        this.live = live;
    }

    void show(Collection<JsonNode> statuses) {
        if (live) {
            if (drawnLines > 0) {
                out.printf(CURSOR_UP, drawnLines);
            }
            for (JsonNode status : statuses) {
                out.print("\r" + CLEAR_LINE + ProgressLine.of(status) + "\n");
            }
            drawnLines = statuses.size();
        } else {
            for (JsonNode status : statuses) {
                String state = status.path("state").asText();
                if ((state.equals("done") || state.equals("failed")) && printed.add(status.path("id").asText())) {
                    out.println(ProgressLine.of(status));
                }
            }
        }
        out.flush();
    }
}
