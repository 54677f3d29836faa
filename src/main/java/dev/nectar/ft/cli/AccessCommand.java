package dev.nectar.ft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "access", description = {"Show or set who may list and download: public (any node) or allowlist (only the nodes of `ft allow`).",
        "Changes apply at once to every transfer not yet started."})
final class AccessCommand implements Callable<Integer> {
    @ParentCommand
    FtCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "MODE", description = "public or allowlist; without it, the current mode is shown.")
    String mode;

    @Override
    public Integer call() {
        ApiClient api = ApiClient.of(root.home());
        JsonNode access;
        if (mode == null) {
            access = api.get("/api/access", Duration.ofSeconds(10));
        } else {
            ObjectNode body = new ObjectMapper().createObjectNode().put("mode", mode);
            access = api.put("/api/access", body, Duration.ofSeconds(10));
        }
        print(spec.commandLine().getOut(), access);
        return 0;
    }

    static void print(PrintWriter out, JsonNode access) {
        out.println("access: " + access.path("mode").asText());
        for (JsonNode entry : access.path("allow")) {
            out.printf("  allowed %s %s%n", entry.path("shortId").asText(), entry.path("name").asText(""));
        }
    }
}
