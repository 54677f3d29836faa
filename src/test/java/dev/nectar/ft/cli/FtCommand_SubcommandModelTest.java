package dev.nectar.ft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A command line models only the subcommand its arguments name, and then parses and prints as the whole one does; the
 * models, made with picocli's builders, require what the commands need and give each command its own help.
 */
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
    void eachNameModelsTheCommandOfThatName() {
        for (String name : FtCommand.commandLine().getSubcommands().keySet()) {
            if (!name.equals("help") && !name.equals("completion")) {
                assertThat(FtCommand.commandLineFor(name).getSubcommands()).as(name).containsOnlyKeys(name);
            }
        }
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

    @Test
    void aCommandLeftWithoutAParameterItNeedsSaysWhichAndRunsNothing() {
        String[][] cases = {{"get", "bob"}, {"get"}, {"peer", "rm"}, {"m", "bob@file_transfer"}, {"cancel"}, {"relay", "add"},
                {"allow", "add"}, {"ls"}, {"completion"}};
        for (String[] args : cases) {
            String printed = run(FtCommand.commandLineFor(args), args);
            assertThat(printed).as(String.join(" ", args)).startsWith("2\nMissing required parameter");
        }
    }

    @Test
    void everyCommandHasItsOwnHelp() {
        for (String[] args : new String[][] {{"transfers", "--help"}, {"peer", "ls", "-h"}, {"get", "-h"}, {"relay", "--help"}}) {
            String printed = run(FtCommand.commandLineFor(args), args);
            String command = String.join(" ", Arrays.copyOf(args, args.length - 1));
            assertThat(printed).as(String.join(" ", args)).startsWith("0\nUsage: ft " + command + " [-h]");
        }
    }

    @Test
    void helpFollowsTheNamesToTheCommandHoweverDeep() {
        for (String[] command : new String[][] {{"peer", "add"}, {"relay", "ls"}, {"get"}, {}}) {
            String[] help = Stream.concat(Stream.of("help"), Arrays.stream(command)).toArray(String[]::new);
            String[] asked = Stream.concat(Arrays.stream(command), Stream.of("--help")).toArray(String[]::new);
            assertThat(run(FtCommand.commandLineFor(help), help)).as(String.join(" ", help))
                    .isEqualTo(run(FtCommand.commandLineFor(asked), asked));
        }
        assertThat(run(FtCommand.commandLine(), "help", "peer", "add")).startsWith("0\nUsage: ft peer add [-h]");
        assertThat(run(FtCommand.commandLine(), "help", "peer", "nosuch"))
                .isEqualTo("1\nft: `ft peer` has no command 'nosuch': `ft help peer` lists them\n");
        assertThat(run(FtCommand.commandLine(), "help", "nosuch")).isEqualTo("1\nft: `ft` has no command 'nosuch': `ft help` lists them\n");
    }

    @Test
    void theShellCompletesHelpWithEveryCommandsName() {
        CommandLine whole = FtCommand.commandLine();
        Iterable<String> candidates = whole.getSubcommands().get("help").getCommandSpec().positionalParameters().getFirst().completionCandidates();
        assertThat(candidates).containsExactlyElementsOf(whole.getSubcommands().keySet());
    }

    @Test
    void theHomeIsTheOneGivenWhereverItStands() {
        for (String[] args : new String[][] {{"--home", "/tmp/x", "peer", "ls"}, {"peer", "--home", "/tmp/x", "ls"},
                {"peer", "ls", "--home=/tmp/x"}, {"--home=/tmp/y", "transfers", "--home", "/tmp/x"}}) {
            CommandLine commandLine = FtCommand.commandLineFor(args);
            CommandLine last = commandLine.parseArgs(args).asCommandLineList().getLast();
            assertThat(new Arguments(last.getCommandSpec()).home().root()).as(String.join(" ", args)).isEqualTo(Path.of("/tmp/x"));
        }
    }
}
