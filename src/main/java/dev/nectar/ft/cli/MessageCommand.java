package dev.nectar.ft.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;

final class MessageCommand {
    private MessageCommand() {}

    static CommandSpec model() {
        return CommandModel.command("m", MessageCommand::run,
                        "Send a raw message to a process and print the response body, like the seed's /m.",
                        "Example: ft m bob@file_transfer '\"ListFiles\"'")
                .addPositional(CommandModel.parameter("ADDRESS", "NODE@PROCESS, e.g. bob@file_transfer or our@file_transfer."))
                .addPositional(CommandModel.parameter("JSON", "The message body, e.g. '\"ListFiles\"'."))
                .addOption(CommandModel.seconds("--timeout", "5", "How long to wait for the response (default: ${DEFAULT-VALUE})."));
    }

    private static int run(Arguments arguments) throws IOException {
        String body = arguments.parameter("JSON");
        JsonNode parsed;
        try {
            parsed = JsonTree.read(body.getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new CliException("the message is not valid JSON: " + e.getOriginalMessage());
        }
        if (parsed == null || parsed.isMissingNode()) {
            throw new CliException("the message is empty; for example '\"ListFiles\"'");
        }
        Duration timeout = Timeouts.of(arguments.<Double>option("--timeout"));
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.put("address", arguments.<String>parameter("ADDRESS"));
        request.set("body", parsed);
        request.put("timeoutMillis", timeout.toMillis());
        JsonNode response = ApiClient.of(arguments.home()).post("/api/messages", request, timeout);
        JsonNode responseBody = response.path("body");
        JsonNode error = responseBody.path("Error");
        if (error.isObject()) {
            throw new CliException(response.path("source").asText() + " refused: " + error.path("kind").asText()
                    + ": " + error.path("message").asText());
        }
        arguments.out().println(JsonTree.text(responseBody));
        return 0;
    }
}
