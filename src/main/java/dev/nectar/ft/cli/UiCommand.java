package dev.nectar.ft.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "ui", description = "Open the web UI with a one-time login link (or print the link where no browser can be opened).")
final class UiCommand implements Callable<Integer> {
    @ParentCommand
    FtCommand root;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String url = ApiClient.of(root.home()).post("/api/ui-link", new ObjectMapper().createObjectNode(), Duration.ofSeconds(10))
                .path("url").asText();
        spec.commandLine().getOut().println(url);
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
