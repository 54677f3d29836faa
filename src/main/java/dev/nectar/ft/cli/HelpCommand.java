package dev.nectar.ft.cli;

import java.util.Collection;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code ft help [COMMAND...]}: the usage of the command the names lead to, however deep ({@code ft help peer add});
 * picocli's own help command follows one name only.
 */
final class HelpCommand {
    private HelpCommand() {}

    /** The model, whose first name the shell completes from {@code commands}, the names of ft's commands. */
    static CommandSpec model(Collection<String> commands) {
        return CommandModel.command("help", HelpCommand::run, "Print the usage of ft, or of a command: `ft help peer add`.")
                .addPositional(PositionalParamSpec.builder().type(String[].class).arity("0..*").paramLabel("COMMAND")
                        .completionCandidates(List.copyOf(commands))
                        .description("The command, and its subcommand if it has them.").build());
    }

    private static int run(Arguments arguments) {
        String[] names = arguments.parameter("COMMAND");
        CommandLine command = arguments.root();
        String path = "";
        for (String name : names == null ? new String[0] : names) {
            CommandLine subcommand = command.getSubcommands().get(name);
            if (subcommand == null) {
                throw new CliException("`ft" + path + "` has no command '" + name + "': `ft help" + path + "` lists them");
            }
            command = subcommand;
            path += " " + name;
        }
        command.usage(arguments.out());
        arguments.out().flush();
        return 0;
    }
}
