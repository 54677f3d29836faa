package dev.nectar.ft.cli;

/** What one of ft's commands does with the arguments it was given; its model says what it takes ({@link CommandModel}). */
@FunctionalInterface
interface CommandAction {
    /** Runs the command and answers its exit code; a {@link CliException} is its one-line error. */
    int run(Arguments arguments) throws Exception;
}
