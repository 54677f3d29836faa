package dev.nectar.ft.transfer;

/**
 * Whether one source's window goes past the short-link window, for a long fat link: 8 chunks of 1 MiB keep a link
 * of a few milliseconds full, but a link 200 ms away at 1 Gbit/s holds some 24 on the wire. Decided from the
 * source's first two chunks, asked together: the first came after a round trip, the second one chunk's time on the
 * link later. If a round trip holds more than {@link #RISE} times the short-link window of chunks at that spacing,
 * that window would leave the link idle most of each round, and the window takes the download's whole share at once:
 * one round trip after the first chunk, where timing a round at the short-link window first took three. The first
 * round at the share is timed, and the share is kept only if its rate beat by {@link #RISE} what the short-link
 * window carries per first round trip; otherwise the window goes back for good: a burst of chunks released at once
 * looks like a long link for one round.
 *
 * <p>It sizes nothing from round trips after the first, because a congested source's queue looks like a long round
 * trip: windows sized by it grew at an origin that six receivers shared and made it send chunks twice. There the
 * chunks come spaced by the other receivers' turns, so the first round trip holds few of them.
 */
final class WindowGrowth {
    /** How far past the short-link window a round trip must reach, and by how much the share's rate must beat it. */
    static final double RISE = 1.25;
    /**
     * Chunks spaced closer than a 20 Gbit/s link carries them say nothing about the link: they came at once and the
     * receiver took them in turn.
     */
    private static final double FASTEST_LINK_BYTES_PER_SECOND = 2.5e9;

    private int arrivals;
    private long firstRoundTripNanos;
    private boolean grown;
    private boolean settled;
    /** The first two chunks could tell a long fat link: they came spaced, and the window had room to grow. */
    private boolean telling;
    private long grownAtNanos;
    private long roundStartNanos = -1;
    private long roundBytes;
    private int roundChunks;

    /**
     * The window a source's chunks were asked under: its {@code size}, the short-link window ({@code perSource}) and
     * the download's share of the node's chunks ({@code most}).
     */
    record Window(int size, int perSource, int most) {
        static final Window NONE = new Window(0, 0, 0);
    }

    /** True while the window takes the download's whole share. */
    boolean grown() {
        return grown;
    }

    /**
     * True once the link is judged: the window keeps the share for good, or never takes it (again), having had the
     * chance. Chunks that came at once, or a share no larger than the short-link window, say nothing of the link.
     */
    boolean judged() {
        return settled && telling;
    }

    /**
     * A chunk of {@code length} bytes asked at {@code askedAtNanos} under {@code window} arrived at {@code nowNanos},
     * {@code sinceLastNanos} after the source's previous chunk (or after the ask, if nothing was in flight then).
     */
    void arrived(int length, long askedAtNanos, long sinceLastNanos, Window window, long nowNanos) {
        if (settled) {
            return;
        }
        if (!grown) {
            decide(length, sinceLastNanos, window, nowNanos);
            return;
        }
        if (askedAtNanos < grownAtNanos) {
            return;
        }
        if (roundStartNanos < 0) {
            roundStartNanos = nowNanos;
            return;
        }
        roundBytes += length;
        if (++roundChunks < window.size()) {
            return;
        }
        double rate = roundBytes / Math.max(1e-6, (nowNanos - roundStartNanos) / 1e9);
        double shortLinkRate = window.perSource() * (double) length / (firstRoundTripNanos / 1e9);
        grown = rate >= RISE * shortLinkRate;
        settled = true;
    }

    private void decide(int length, long sinceLastNanos, Window window, long nowNanos) {
        if (++arrivals == 1) {
            firstRoundTripNanos = sinceLastNanos;
            return;
        }
        settled = true;
        boolean spaced = sinceLastNanos >= length / FASTEST_LINK_BYTES_PER_SECOND * 1e9;
        telling = spaced && window.most() > window.perSource();
        if (telling && firstRoundTripNanos >= RISE * window.perSource() * sinceLastNanos) {
            grown = true;
            settled = false;
            grownAtNanos = nowNanos;
        }
    }
}
