package dev.nectar.ft.cli;

/** Entry point of the {@code ft} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        ApiClient.prepareInBackground();
        System.exit(FtCommand.commandLineFor(args).execute(args));
    }
}
