package dev.nectar.ft.cli;

import dev.nectar.ft.home.Home;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ft", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "Share a public folder with other nodes and download files from theirs.",
        subcommands = {InitCommand.class, IdCommand.class, PeerCommand.class, NodeCommand.class,
                LsCommand.class, GetCommand.class, TransfersCommand.class, TransferControlCommand.Cancel.class,
                TransferControlCommand.Retry.class, TransferControlCommand.Pause.class, TransferControlCommand.Resume.class, AccessCommand.class, AllowCommand.class, UiCommand.class, MessageCommand.class,
                NearbyCommand.class, RelayCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class})
public final class FtCommand {
    @Option(names = "--home", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "The node's home directory (default: $FT_HOME, else $HOME/.ft).")
    String home;

    Home home() {
        return Home.locate(home);
    }

    /** The command line with one-line error reporting: {@code ft: message} on stderr, exit 1. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new FtCommand());
        commandLine.setExecutionExceptionHandler((error, line, parsed) -> {
            String message = error instanceof CliException ? error.getMessage() : String.valueOf(error.getMessage());
            if (!(error instanceof CliException) && !(error instanceof java.io.IOException)
                    && !(error instanceof IllegalArgumentException)) {
                message = error.getClass().getSimpleName() + ": " + message;
            }
            // One line, always: a library's multi-line detail would bury the reason.
            line.getErr().println("ft: " + message.lines().findFirst().orElse(""));
            line.getErr().flush();
            return 1;
        });
        return commandLine;
    }
}
