package dev.nectar.ft.transfer;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try again after a lost link: exponential backoff from half a second to 30 seconds, with jitter so
 * that many transfers cut at once do not reconnect in lockstep, until a deadline counted from the first
 * failure since the last progress.
 */
final class RetryPolicy {
    private static final long FIRST_MILLIS = 500;
    private static final long MAX_MILLIS = 30_000;

    private final Duration deadline;
    private long firstFailureNanos;
    private int failures;

    RetryPolicy(Duration deadline) {
        this.deadline = deadline;
    }

    /** Progress was made: the next failure starts a fresh series. */
    void succeeded() {
        failures = 0;
        firstFailureNanos = 0;
    }

    /** The delay before the next attempt, or null if the deadline has passed. */
    Duration nextDelay() {
        long now = System.nanoTime();
        if (failures == 0) {
            firstFailureNanos = now;
        }
        if (now - firstFailureNanos > deadline.toNanos()) {
            return null;
        }
        long base = Math.min(MAX_MILLIS, FIRST_MILLIS << Math.min(failures, 16));
        failures++;
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.round(base * jitter));
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - firstFailureNanos);
    }
}
