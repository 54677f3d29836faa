package dev.nectar.ft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;

final class AccessCommand {
    private AccessCommand() {}

    static CommandSpec model() {
        return CommandModel.command("access", AccessCommand::run,
                        "Show or set who may list and download: public (any node) or allowlist (only the nodes of `ft allow`).",
                        "Changes apply at once to every transfer not yet started.")
                .addPositional(CommandModel.optionalParameter("MODE", "public or allowlist; without it, the current mode is shown."));
    }

    private static int run(Arguments arguments) {
        String mode = arguments.parameter("MODE");
        ApiClient api = ApiClient.of(arguments.home());
        JsonNode access;
        if (mode == null) {
            access = api.get("/api/access", Duration.ofSeconds(10));
        } else {
            ObjectNode body = JsonNodeFactory.instance.objectNode().put("mode", mode);
            access = api.put("/api/access", body, Duration.ofSeconds(10));
        }
        print(arguments.out(), access);
        return 0;
    }

    /** The mode, what it means, and the allow-list; an empty list in allowlist mode says that nobody gets in. */
    static void print(PrintWriter out, JsonNode access) {
        boolean allowlist = access.path("mode").asText().equals("allowlist");
        out.println(allowlist ? "access: allowlist (only the nodes allowed below may list and download)"
                : "access: public (any node that proves its node id may list and download)");
        if (allowlist && access.path("allow").isEmpty()) {
            out.println("  nobody is allowed yet: `ft allow add PEER`");
        }
        for (JsonNode entry : access.path("allow")) {
            out.printf("  allowed %s %s%n", entry.path("shortId").asText(), entry.path("name").asText(""));
        }
        if (!allowlist && !access.path("allow").isEmpty()) {
            out.println("  (the allow-list applies once access is allowlist: `ft access allowlist`)");
        }
    }
}
