package dev.nectar.ft.cli;

import dev.nectar.ft.wire.TransferStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Shows transfers as they go. On a terminal, one live line per file, redrawn in place; for more files than fit a
 * screen, the files on their way and one line for the whole. Otherwise (a pipe, a log) one line per file when it
 * ends, so the output stays readable.
 */
final class ProgressDisplay {
    private static final String CURSOR_UP = "\u001b[%dA";
    private static final String CLEAR_LINE = "\u001b[2K";
    /** Up to this many files, each gets its own live line. */
    static final int LINES = 20;

    private final PrintWriter out;
    private final boolean live;
    private final Set<String> printed = new HashSet<>();
    private final long startNanos = System.nanoTime();
    private int drawnLines;

    ProgressDisplay(PrintWriter out, boolean live) {
        this.out = out;
        this.live = live;
    }

    void show(Collection<TransferStatus> statuses) {
        if (live) {
            if (drawnLines > 0) {
                out.printf(CURSOR_UP, drawnLines);
            }
            List<String> lines = liveLines(statuses, Duration.ofNanos(System.nanoTime() - startNanos));
            lines.forEach(line -> out.print("\r" + CLEAR_LINE + line + "\n"));
            // A shorter screen than the last one leaves old lines below it: clear them.
            for (int left = drawnLines - lines.size(); left > 0; left--) {
                out.print("\r" + CLEAR_LINE + "\n");
            }
            drawnLines = Math.max(drawnLines, lines.size());
        } else {
            for (TransferStatus status : statuses) {
                String state = status.state();
                if ((state.equals(TransferStatus.DONE) || state.equals(TransferStatus.FAILED)) && printed.add(status.id())) {
                    out.println(ProgressLine.of(status));
                }
            }
        }
        out.flush();
    }

    /**
     * A line per file; or, for many, a line per file on its way (at most {@link #LINES} - 1) and one for all, with
     * the average rate since {@code elapsed} ago (small files travel whole, with no rate of their own).
     */
    static List<String> liveLines(Collection<TransferStatus> statuses, Duration elapsed) {
        if (statuses.size() <= LINES) {
            return statuses.stream().map(ProgressLine::of).toList();
        }
        long done = 0;
        long failed = 0;
        long bytes = 0;
        long total = 0;
        for (TransferStatus status : statuses) {
            done += status.state().equals(TransferStatus.DONE) ? 1 : 0;
            failed += status.state().equals(TransferStatus.FAILED) || status.state().equals(TransferStatus.CANCELLED) ? 1 : 0;
            bytes += status.bytes();
            total += status.total();
        }
        String summary = String.format(Locale.ROOT, "%,d of %,d files done%s, %s of %s known so far, %s/s", done, statuses.size(),
                failed == 0 ? "" : String.format(Locale.ROOT, " (%,d failed)", failed), HumanBytes.format(bytes),
                HumanBytes.format(total), HumanBytes.format(bytes * 1000 / Math.max(1, elapsed.toMillis())));
        List<String> moving = statuses.stream()
                .filter(status -> status.state().equals(TransferStatus.RUNNING) || status.state().equals(TransferStatus.RESUMING))
                .limit(LINES - 1).map(ProgressLine::of).toList();
        return Stream.concat(moving.stream(), Stream.of(summary)).toList();
    }
}
