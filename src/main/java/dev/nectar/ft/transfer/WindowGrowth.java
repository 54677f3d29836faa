package dev.nectar.ft.transfer;

/**
 * Whether one source's window goes past the short-link window, for a long fat link: 8 chunks of 1 MiB keep a link
 * of a few milliseconds full, but a link 200 ms away at 1 Gbit/s holds some 24 on the wire. One round (a window's
 * worth of chunks arriving) is timed at the short-link window; then the window takes the download's whole share of
 * the node's chunks for one round, timed once the chunks asked before it have come. It keeps the share if that
 * round's rate beat the first by {@link #RISE}, and goes back to the short-link window otherwise: the link, the
 * source or this node was the limit, and more chunks in flight would only wait in a queue. Only a source whose
 * short-link round took at most {@link SourceSchedule#WINDOW_SECONDS} probes. One probe, decided in about three round
 * trips, because a file of a few hundred megabytes is over in a dozen.
 *
 * <p>It follows the rate, not a measured round trip, because a congested source's queue looks like a long round
 * trip: windows sized by it grew at an origin that six receivers shared and made it send chunks twice. A rate that
 * does not rise keeps nothing, however long the queue.
 */
final class WindowGrowth {
    /** What the probe's rate must beat the short-link window's by: a link that was the limit gives far more. */
    static final double RISE = 1.25;

    private int extra;
    private boolean settled;
    private double shortLinkRate;
    private int skip;
    private long roundStartNanos = -1;
    private long roundBytes;
    private int roundChunks;

    /**
     * The window a source's chunks were asked under: its {@code size}, whether the short-link window was what held it
     * ({@code full}), and how many more chunks the download's share of the node allows ({@code room}).
     */
    record Window(int size, boolean full, int room) {
        static final Window NONE = new Window(0, false, 0);
    }

    /** The chunks allowed in flight beyond the short-link window. */
    int extra() {
        return extra;
    }

    /** A chunk of {@code length} bytes arrived at {@code nowNanos}, asked under {@code window}. */
    void arrived(int length, Window window, long nowNanos) {
        if (settled) {
            return;
        }
        if (!window.full()) {
            roundStartNanos = -1;
            return;
        }
        if (skip > 0 && --skip > 0) {
            return;
        }
        if (roundStartNanos < 0) {
            roundStartNanos = nowNanos;
            roundBytes = 0;
            roundChunks = 0;
            return;
        }
        roundBytes += length;
        if (++roundChunks < window.size()) {
            return;
        }
        double seconds = (nowNanos - roundStartNanos) / 1e9;
        double rate = roundBytes / Math.max(1e-6, seconds);
        roundStartNanos = -1;
        if (shortLinkRate == 0) {
            // The bar the schedule's rate window sets (8 chunks in 0.3 s, some 28 MB/s), timed over a whole round: a
            // slower source (a congested origin, a throttled link) never probes, even when its chunks come in bursts
            // that make its moving average look fast for a moment. Its next round is timed again.
            if (seconds > SourceSchedule.WINDOW_SECONDS) {
                return;
            }
            shortLinkRate = rate;
            extra = window.room();
            settled = window.room() == 0;
            // The chunks asked under the short-link window still come at its pace: the probe is timed after them.
            skip = window.size();
            return;
        }
        if (rate < shortLinkRate * RISE) {
            extra = 0;
        }
        settled = true;
    }
}
