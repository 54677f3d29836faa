package dev.nectar.ft.cli;

import dev.nectar.ft.home.Home;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * What a command was given, as picocli parsed it into the command's model: its options by name, its parameters by
 * label, the node's home, and where to print.
 */
record Arguments(CommandSpec spec) {
    /** Whether the flag was given. */
    boolean flag(String name) {
        return Boolean.TRUE.equals(option(name));
    }

    /** The option's value, of the type its model gives it: its default when it was not given, else null. */
    @SuppressWarnings("unchecked")
    <T> T option(String name) {
        OptionSpec option = spec.findOption(name);
        if (option == null) {
            throw new IllegalArgumentException("ft " + spec.name() + " has no option " + name);
        }
        return (T) option.getValue();
    }

    /** The value of the parameter the usage names {@code label}: null when it was optional and not given. */
    @SuppressWarnings("unchecked")
    <T> T parameter(String label) {
        PositionalParamSpec parameter = spec.positionalParameters().stream()
                .filter(candidate -> candidate.paramLabel().equals(label))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("ft " + spec.name() + " has no parameter " + label));
        return (T) parameter.getValue();
    }

    /**
     * The home {@code --home} names, wherever on the command line it stood (each command has its own copy of the
     * root's option), else the default one.
     */
    Home home() {
        for (CommandSpec command = spec; command != null; command = command.parent()) {
            String home = new Arguments(command).option(FtCommand.HOME_OPTION);
            if (home != null) {
                return Home.locate(home);
            }
        }
        return Home.locate(null);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** The whole command line, of which this command is one. */
    CommandLine root() {
        return spec.root().commandLine();
    }
}
