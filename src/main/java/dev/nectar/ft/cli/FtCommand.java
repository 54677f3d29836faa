package dev.nectar.ft.cli;

import dev.nectar.ft.home.Home;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ft", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "Share a public folder with other nodes and download files from theirs.")
public final class FtCommand {
    static {
        // The commands are Java classes, never Groovy closures. Left to itself, picocli looks groovy.lang.Closure up
        // on the class path, and that one miss opens the 17,000-entry jar (some 20 ms of every command's start) when
        // the start-up cache holds every class a command loads.
        System.setProperty("picocli.disable.closures", "true");
    }

    /** The subcommands in the order the help lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(InitCommand.class, IdCommand.class, PeerCommand.class,
            NodeCommand.class, LsCommand.class, GetCommand.class, TransfersCommand.class,
            TransferControlCommand.Cancel.class, TransferControlCommand.Retry.class, TransferControlCommand.Pause.class,
            TransferControlCommand.Resume.class, AccessCommand.class, AllowCommand.class, UiCommand.class,
            MessageCommand.class, NearbyCommand.class, RelayCommand.class, CompletionCommand.class,
            CommandLine.HelpCommand.class);

    @Option(names = "--home", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "The node's home directory (default: $FT_HOME, else $HOME/.ft).")
    String home;

    Home home() {
        return Home.locate(home);
    }

    /** The whole command line, every subcommand modelled (for help and completion). */
    public static CommandLine commandLine() {
        return commandLine(SUBCOMMANDS);
    }

    /**
     * The command line that runs {@code args}: when they name a subcommand, only that one is modelled (none when they
     * only ask for the version). Picocli reflects over every class it models, which costs a third of a second of
     * each command's start for all of them; what it parses, prints and reports for the named subcommand is the same.
     */
    public static CommandLine commandLineFor(String... args) {
        String named = subcommandName(args);
        if (("--version".equals(named) || "-V".equals(named)) && named.equals(args[args.length - 1])) {
            return commandLine(List.of());
        }
        return SUBCOMMANDS.stream()
                .filter(type -> type != CommandLine.HelpCommand.class && type != CompletionCommand.class)
                .filter(type -> type.getAnnotation(Command.class).name().equals(named))
                .findFirst()
                .map(type -> commandLine(List.of(type)))
                .orElseGet(FtCommand::commandLine);
    }

    /** The first argument that is not the root's {@code --home DIR}, or null. */
    private static String subcommandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--home")) {
                i++;
            } else if (!args[i].startsWith("--home=")) {
                return args[i];
            }
        }
        return null;
    }

    /** The command line with one-line error reporting: {@code ft: message} on stderr, exit 1. */
    private static CommandLine commandLine(List<Class<?>> subcommands) {
        CommandLine commandLine = new CommandLine(new FtCommand());
        subcommands.forEach(commandLine::addSubcommand);
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
