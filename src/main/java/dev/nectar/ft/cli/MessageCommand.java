package dev.nectar.ft.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "m", description = {"Send a raw message to a process and print the response body, like the seed's /m.",
        "Example: ft m bob@file_transfer '\"ListFiles\"'"})
final class MessageCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    FtCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ADDRESS", description = "NODE@PROCESS, e.g. bob@file_transfer or our@file_transfer.")
    String address;

    @Parameters(index = "1", paramLabel = "JSON", description = "The message body, e.g. '\"ListFiles\"'.")
    String body;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5", description = "How long to wait for the response (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Override
    public Integer call() {
        JsonNode parsed;
        try {
            parsed = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new CliException("the message is not valid JSON: " + e.getOriginalMessage());
        }
        if (parsed == null || parsed.isMissingNode()) {
            throw new CliException("the message is empty; for example '\"ListFiles\"'");
        }
        Duration timeout = Timeouts.of(timeoutSeconds);
        ObjectNode request = JSON.createObjectNode();
        request.put("address", address);
        request.set("body", parsed);
        request.put("timeoutMillis", timeout.toMillis());
        JsonNode response = ApiClient.of(root.home()).post("/api/messages", request, timeout);
        JsonNode responseBody = response.path("body");
        JsonNode error = responseBody.path("Error");
        if (error.isObject()) {
            throw new CliException(response.path("source").asText() + " refused: " + error.path("kind").asText()
                    + ": " + error.path("message").asText());
        }
        spec.commandLine().getOut().println(responseBody.toString());
        return 0;
    }
}
