package dev.nectar.ft.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The commands that act on one transfer by its id: what they ask the API, and what they say when it is done. */
abstract class TransferControlCommand implements Callable<Integer> {
    @ParentCommand
    FtCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The transfer's id, as `ft transfers` shows it.")
    String id;

    abstract String method();

    abstract String action();

    abstract String done();

    @Override
    public Integer call() {
        ApiClient api = ApiClient.of(root.home());
        String path = "/api/transfers/" + ApiClient.segment(id) + action();
        var status = method().equals("DELETE") ? api.delete(path)
                : api.post(path, new ObjectMapper().createObjectNode(), Duration.ofSeconds(10));
        spec.commandLine().getOut().println(done() + " " + status.path("name").asText() + " (" + id + ")");
        return 0;
    }

    @picocli.CommandLine.Command(name = "cancel", description = "Stop a download for good and remove what arrived of it.")
    static final class Cancel extends TransferControlCommand {
        String method() { return "DELETE"; }
        String action() { return ""; }
        String done() { return "cancelled"; }
    }

    @picocli.CommandLine.Command(name = "retry", description = "Try a failed or cancelled download again.")
    static final class Retry extends TransferControlCommand {
        String method() { return "POST"; }
        String action() { return "/retry"; }
        String done() { return "retrying"; }
    }

    @picocli.CommandLine.Command(name = "pause", description = "Stop a download for now, keeping what arrived.")
    static final class Pause extends TransferControlCommand {
        String method() { return "POST"; }
        String action() { return "/pause"; }
        String done() { return "pausing"; }
    }

    @picocli.CommandLine.Command(name = "resume", description = "Carry on with a paused download.")
    static final class Resume extends TransferControlCommand {
        String method() { return "POST"; }
        String action() { return "/resume"; }
        String done() { return "resuming"; }
    }
}
