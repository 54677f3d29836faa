package dev.nectar.ft.cli;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** The {@code ft} command line: the root command, its subcommands, and how a parsed command runs and fails. */
public final class FtCommand {
    static {
        // The commands are Java classes, never Groovy closures. Left to itself, picocli looks groovy.lang.Closure up
        // on the class path, and that one miss opens the 17,000-entry jar (some 20 ms of every command's start) when
        // the start-up cache holds every class a command loads.
        System.setProperty("picocli.disable.closures", "true");
    }

    /** The root's option every command inherits. */
    static final String HOME_OPTION = "--home";

    /** The subcommands' models by name, in the order the help lists them, each made only when it is used. */
    private static final Map<String, Supplier<CommandSpec>> SUBCOMMANDS = subcommands();

    /** The subcommands that print or read the whole command line, not their own model only. */
    private static final Set<String> WHOLE_LINE = Set.of("help", "completion");

    private FtCommand() {}

    private static Map<String, Supplier<CommandSpec>> subcommands() {
        Map<String, Supplier<CommandSpec>> all = new LinkedHashMap<>();
        all.put("init", InitCommand::model);
        all.put("id", IdCommand::model);
        all.put("peer", PeerCommand::model);
        all.put("node", NodeCommand::model);
        all.put("ls", LsCommand::model);
        all.put("get", GetCommand::model);
        all.put("transfers", TransfersCommand::model);
        all.put("cancel", TransferControlCommand::cancel);
        all.put("retry", TransferControlCommand::retry);
        all.put("pause", TransferControlCommand::pause);
        all.put("resume", TransferControlCommand::resume);
        all.put("access", AccessCommand::model);
        all.put("allow", AllowCommand::model);
        all.put("ui", UiCommand::model);
        all.put("m", MessageCommand::model);
        all.put("nearby", NearbyCommand::model);
        all.put("relay", RelayCommand::model);
        all.put("completion", CompletionCommand::model);
        all.put("help", () -> HelpCommand.model(all.keySet()));
        return all;
    }

    /** The whole command line, every subcommand modelled (for help and completion). */
    public static CommandLine commandLine() {
        return commandLine(SUBCOMMANDS.keySet());
    }

    /**
     * The command line that runs {@code args}: when they name a subcommand, only that one is modelled (none when they
     * only ask for the version). What it parses, prints and reports for the named subcommand is the same as the whole
     * line's; modelling all of them costs a tenth of a command's start.
     */
    public static CommandLine commandLineFor(String... args) {
        String named = subcommandName(args);
        if (("--version".equals(named) || "-V".equals(named)) && named.equals(args[args.length - 1])) {
            return commandLine(List.of());
        }
        if (SUBCOMMANDS.containsKey(named) && !WHOLE_LINE.contains(named)) {
            return commandLine(List.of(named));
        }
        return commandLine();
    }

    /** The first argument that is not the root's {@code --home DIR}, or null. */
    private static String subcommandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(HOME_OPTION)) {
                i++;
            } else if (!args[i].startsWith(HOME_OPTION + "=")) {
                return args[i];
            }
        }
        return null;
    }

    /** The command line with these subcommands and one-line error reporting: {@code ft: message} on stderr, exit 1. */
    private static CommandLine commandLine(Collection<String> subcommands) {
        CommandSpec root = CommandModel.group("ft", subcommands.stream().map(name -> SUBCOMMANDS.get(name).get()).toList(),
                "Share a public folder with other nodes and download files from theirs.");
        root.versionProvider(new BuildVersion());
        root.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).description("Print version information and exit.").build());
        // Every subcommand, and theirs, gets a copy (picocli's inherited scope): `ft peer ls --home DIR` as `ft --home DIR peer ls`.
        root.addOption(OptionSpec.builder(HOME_OPTION).type(String.class).paramLabel("DIR").scopeType(CommandLine.ScopeType.INHERIT)
                .description("The node's home directory (default: $FT_HOME, else $HOME/.ft).").build());
        CommandLine commandLine = new CommandLine(root);
        commandLine.setExecutionStrategy(FtCommand::execute);
        commandLine.setExecutionExceptionHandler((error, line, parsed) -> {
            String message = error instanceof CliException ? error.getMessage() : String.valueOf(error.getMessage());
            if (!(error instanceof CliException) && !(error instanceof java.io.IOException)
                    && !(error instanceof IllegalArgumentException)) {
                message = error.getClass().getSimpleName() + ": " + message;
            }
            // One line, always: a library's multi-line detail would bury the reason.
            line.getErr().println("ft: " + Printable.of(message.lines().findFirst().orElse("")));
            line.getErr().flush();
            return 1;
        });
        return commandLine;
    }

    /**
     * Runs the last command on the line with its {@link Arguments}. Help asked for and a group named
     * without one of its commands go as picocli runs them.
     */
    private static int execute(ParseResult parsed) {
        Integer helped = CommandLine.executeHelpRequest(parsed);
        if (helped != null) {
            return helped;
        }
        CommandLine last = parsed.asCommandLineList().getLast();
        if (!(last.getCommandSpec().userObject() instanceof CommandAction action)) {
            return new CommandLine.RunLast().execute(parsed);
        }
        try {
            return action.run(new Arguments(last.getCommandSpec()));
        } catch (ParameterException | ExecutionException e) {
            throw e;
        } catch (Exception e) {
            throw new ExecutionException(last, "ft " + last.getCommandName() + " failed: " + e, e);
        }
    }
}
