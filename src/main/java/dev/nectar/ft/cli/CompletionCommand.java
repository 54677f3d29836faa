package dev.nectar.ft.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

final class CompletionCommand {
    /** The shells the script serves. */
    enum Shell { bash, zsh }

    private CompletionCommand() {}

    static CommandSpec model() {
        return CommandModel.command("completion", CompletionCommand::run,
                        "Prints the shell completion script for bash or zsh.",
                        "bash: `source <(ft completion bash)`, or save it as /usr/share/bash-completion/completions/ft.",
                        "zsh: `source <(ft completion zsh)` in ~/.zshrc.")
                .addPositional(PositionalParamSpec.builder().type(Shell.class).arity("1").required(true).paramLabel("SHELL").description("bash or zsh").build());
    }

    private static int run(Arguments arguments) {
        // picocli's script serves both: sourced by zsh, it loads zsh's bash completion layer itself.
        arguments.out().print(AutoComplete.bash("ft", arguments.root()));
        arguments.out().flush();
        return 0;
    }
}
