package dev.nectar.ft.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The commands' models, made with picocli's builders rather than its annotations: reading annotations makes the JDK
 * generate a proxy class per annotation type, which the start-up cache cannot hold, and that was a tenth of every
 * command's start (docs/benchmarks.md, "the commands' models without annotations").
 */
final class CommandModel {
    private CommandModel() {}

    /**
     * A command that runs {@code action}, with a {@code -h/--help} of its own. The description's first line is what
     * {@code ft --help} lists, so it says the whole of what the command does.
     */
    static CommandSpec command(String name, CommandAction action, String... description) {
        return described(CommandSpec.wrapWithoutInspection(action), name, description);
    }

    /** A command that only holds subcommands, such as {@code ft peer}. */
    static CommandSpec group(String name, List<CommandSpec> subcommands, String... description) {
        CommandSpec group = described(CommandSpec.create(), name, description);
        for (CommandSpec subcommand : subcommands) {
            group.addSubcommand(subcommand.name(), new CommandLine(subcommand));
        }
        return group;
    }

    private static CommandSpec described(CommandSpec spec, String name, String... description) {
        spec.name(name).usageMessage().description(description);
        return spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help message and exit.").build());
    }

    /** An option that takes no value: given or not. */
    static OptionSpec flag(String name, String description) {
        return OptionSpec.builder(name).type(boolean.class).arity("0").description(description).build();
    }

    /** An option that takes one text value; null when it is not given. */
    static OptionSpec option(String name, String label, String description) {
        return OptionSpec.builder(name).type(String.class).paramLabel(label).description(description).build();
    }

    /** A number of seconds to wait, {@code defaultSeconds} when not given. */
    static OptionSpec seconds(String name, String defaultSeconds, String description) {
        return OptionSpec.builder(name).type(double.class).paramLabel("SECONDS").defaultValue(defaultSeconds)
                .description(description).build();
    }

    /** A parameter of one text value, which must be given (a builder's parameter is optional unless it says so). */
    static PositionalParamSpec parameter(String label, String... description) {
        return PositionalParamSpec.builder().type(String.class).arity("1").required(true).paramLabel(label).description(description).build();
    }

    /** A parameter of one text value that may be left out; null when it is. */
    static PositionalParamSpec optionalParameter(String label, String... description) {
        return PositionalParamSpec.builder().type(String.class).arity("0..1").paramLabel(label).description(description).build();
    }
}
