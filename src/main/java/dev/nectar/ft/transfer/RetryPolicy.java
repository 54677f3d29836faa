package dev.nectar.ft.transfer;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try again after a lost link: exponential backoff from half a second to 30 seconds, with jitter so
 * that many transfers cut at once do not reconnect in lockstep, until a deadline counted from the first
 * failure since the last progress. A receiving worker keeps one: it schedules the next attempt here, waits for
 * it as its idle timeout, and shows the last trouble while it waits.
 */
final class RetryPolicy {
    private static final long FIRST_MILLIS = 500;
    private static final long MAX_MILLIS = 30_000;
    private static final long LEAST_WAIT_NANOS = 1_000_000;

    private final Duration deadline;
    private long firstFailureNanos;
    private int failures;
    /** When the scheduled attempt is due; 0 while none is. */
    private long retryAtNanos;
    private TransferError lastTrouble;

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

    /**
     * Schedules the next attempt after {@code trouble}; false if the deadline has passed and it is time to give up
     * (then {@link #givenUp} says so).
     */
    boolean schedule(TransferError trouble) {
        lastTrouble = trouble;
        Duration delay = nextDelay();
        if (delay == null) {
            return false;
        }
        retryAtNanos = System.nanoTime() + delay.toNanos();
        return true;
    }

    /** The attempt starts: nothing is scheduled any more. */
    void attempting() {
        retryAtNanos = 0;
    }

    boolean waiting() {
        return retryAtNanos != 0;
    }

    boolean due() {
        return waiting() && System.nanoTime() >= retryAtNanos;
    }

    /** How long until the scheduled attempt, to wait as an idle timeout. */
    Duration untilDue() {
        return Duration.ofNanos(Math.max(LEAST_WAIT_NANOS, retryAtNanos - System.nanoTime()));
    }

    /** What went wrong last, or null if nothing has. */
    String lastTrouble() {
        return lastTrouble == null ? null : lastTrouble.getMessage();
    }

    /** Why a worker gives up after {@code attempts} attempts: the last trouble, said so. */
    TransferError givenUp(int attempts) {
        return new TransferError(lastTrouble.kind(), "gave up after " + attempts + " attempts over "
                + elapsed().toSeconds() + " s: " + lastTrouble.getMessage());
    }
}
