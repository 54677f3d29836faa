package dev.nectar.ft.cli;

/** A failure to report to the user as one line on stderr, with a non-zero exit. */
class CliException extends RuntimeException {
    CliException(String message) {
        super(message);
    }
}
