package dev.nectar.ft.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;

/** The commands that act on one transfer by its id: what they ask the API, and what they say when it is done. */
final class TransferControlCommand {
    private TransferControlCommand() {}

    static CommandSpec cancel() {
        return model("cancel", "Stop a download for good and remove what arrived of it.", "DELETE", "", "cancelled");
    }

    static CommandSpec retry() {
        return model("retry", "Try a failed or cancelled download again.", "POST", "/retry", "retrying");
    }

    static CommandSpec pause() {
        return model("pause", "Stop a download for now, keeping what arrived.", "POST", "/pause", "pausing");
    }

    static CommandSpec resume() {
        return model("resume", "Carry on with a paused download.", "POST", "/resume", "resuming");
    }

    private static CommandSpec model(String name, String description, String method, String action, String done) {
        return CommandModel.command(name, arguments -> run(arguments, method, action, done), description)
                .addPositional(CommandModel.parameter("ID", "The transfer's id, as `ft transfers` shows it."));
    }

    private static int run(Arguments arguments, String method, String action, String done) {
        String id = arguments.parameter("ID");
        ApiClient api = ApiClient.of(arguments.home());
        String path = "/api/transfers/" + ApiClient.segment(id) + action;
        var status = method.equals("DELETE") ? api.delete(path)
                : api.post(path, JsonNodeFactory.instance.objectNode(), Duration.ofSeconds(10));
        arguments.out().println(done + " " + status.path("name").asText() + " (" + id + ")");
        return 0;
    }
}
