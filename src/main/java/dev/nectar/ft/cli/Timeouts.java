package dev.nectar.ft.cli;

import java.time.Duration;

/** The {@code --timeout SECONDS} options. */
final class Timeouts {
    private Timeouts() {}

    static Duration of(double seconds) {
        if (!(seconds > 0) || seconds > 600) {
            throw new CliException("--timeout must be more than 0 and at most 600 seconds");
        }
        return Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
    }
}
