package dev.nectar.ft.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;

final class UiCommand {
    private UiCommand() {}

    static CommandSpec model() {
        return CommandModel.command("ui", UiCommand::run,
                "Open the web UI with a one-time login link (or print the link where no browser can be opened).");
    }

    private static int run(Arguments arguments) {
        String url = ApiClient.of(arguments.home()).post("/api/ui-link", JsonNodeFactory.instance.objectNode(), Duration.ofSeconds(10))
                .path("url").asText();
        arguments.out().println(url);
        for (String opener : new String[] {"xdg-open", "open"}) {
            try {
                new ProcessBuilder(opener, url).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                return 0;
            } catch (IOException notHere) {
                // Try the next way of opening a browser; the link is printed either way.
            }
        }
        return 0;
    }
}
