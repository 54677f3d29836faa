package dev.nectar.ft.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "completion", description = {"Prints the shell completion script for bash or zsh.",
        "bash: `source <(ft completion bash)`, or save it as /usr/share/bash-completion/completions/ft.",
        "zsh: `source <(ft completion zsh)` in ~/.zshrc."})
final class CompletionCommand implements Callable<Integer> {
    /** The shells the script serves. */
    enum Shell { bash, zsh }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh")
    Shell shell;

    @Override
    public Integer call() {
        // picocli's script serves both: sourced by zsh, it loads zsh's bash completion layer itself.
        spec.commandLine().getOut().print(AutoComplete.bash("ft", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
