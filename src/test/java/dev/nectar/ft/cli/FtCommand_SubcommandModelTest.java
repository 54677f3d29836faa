package dev.nectar.ft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A command line models only the subcommand its arguments name, and then parses and prints as the whole one does. */
class FtCommand_SubcommandModelTest {
    private static String run(CommandLine commandLine, String... args) {
        StringWriter printed = new StringWriter();
        commandLine.setOut(new PrintWriter(printed, true));
        commandLine.setErr(new PrintWriter(printed, true));
        int exit = commandLine.execute(args);
        return exit + "\n" + printed;
    }

    @Test
    void theNamedSubcommandAloneIsModelledWhereverHomeIsGiven() {
        assertThat(FtCommand.commandLineFor("peer", "ls").getSubcommands()).containsOnlyKeys("peer");
        assertThat(FtCommand.commandLineFor("--home", "/tmp/x", "ls", "bob").getSubcommands()).containsOnlyKeys("ls");
        assertThat(FtCommand.commandLineFor("--home=/tmp/x", "get", "bob", "a").getSubcommands()).containsOnlyKeys("get");
        assertThat(FtCommand.commandLineFor("--version").getSubcommands()).isEmpty();
    }

    @Test
    void helpCompletionOptionsAndUnknownNamesGetTheWholeModel() {
        int all = FtCommand.commandLine().getSubcommands().size();
        for (String[] args : new String[][] {{"help", "get"}, {"completion", "bash"}, {"--help"}, {"nosuch"}, {}, {"--home"}}) {
            assertThat(FtCommand.commandLineFor(args).getSubcommands()).as(String.join(" ", args)).hasSize(all);
        }
    }

    @Test
    void whatTheNamedSubcommandPrintsAndReportsIsTheSame() {
        for (String[] args : new String[][] {{"peer", "--help"}, {"get", "--help"}, {"peer", "lss"}, {"ls"}, {"transfers", "--bogus"},
                {"--version"}, {"-V"}, {"--version", "ls"}}) {
            assertThat(run(FtCommand.commandLineFor(args), args)).as(String.join(" ", args))
                    .isEqualTo(run(FtCommand.commandLine(), args));
        }
    }
}
