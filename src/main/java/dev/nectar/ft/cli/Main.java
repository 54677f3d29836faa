package dev.nectar.ft.cli;

import picocli.CommandLine;

/** Entry point of the {@code ft} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(FtCommand.commandLine().execute(args));
    }
}
