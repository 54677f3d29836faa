package dev.nectar.ft.transfer;

/** Smooths a byte count over time into a rate and an ETA, and says when the next report is due (~10 a second). */
final class ProgressMeter {
    private static final long REPORT_INTERVAL_NANOS = 100_000_000L;
    private static final double SMOOTHING = 0.3;

    private final long total;
    private long lastNanos = System.nanoTime();
    private long lastBytes;
    private double rate;

    ProgressMeter(long total, long startBytes) {
        this.total = total;
        this.lastBytes = startBytes;
    }

    /** True when enough time has passed since the last report; then updates the rate. */
    boolean due(long bytes) {
        long now = System.nanoTime();
        long elapsed = now - lastNanos;
        if (elapsed < REPORT_INTERVAL_NANOS) {
            return false;
        }
        double instant = (bytes - lastBytes) * 1e9 / elapsed;
        rate = rate == 0 ? instant : SMOOTHING * instant + (1 - SMOOTHING) * rate;
        lastNanos = now;
        lastBytes = bytes;
        return true;
    }

    long rate() {
        return Math.round(rate);
    }

    long etaSeconds(long bytes) {
        return rate < 1 ? -1 : Math.round((total - bytes) / rate);
    }
}
