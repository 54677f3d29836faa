package dev.nectar.ft.node;

import dev.nectar.ft.api.ApiToken;
import dev.nectar.ft.home.Home;
import dev.nectar.ft.home.NodeConfig;
import dev.nectar.ft.identity.NodeIdentity;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.util.Locale;

/** Sets up a home: identity, config, public drive and API token. Never replaces what is already there. */
public final class HomeInitializer {
    private HomeInitializer() {}

    /** What {@link #initialize} found or made. */
    public record Result(NodeIdentity identity, NodeConfig config, boolean created) {}

    public static Result initialize(Home home, String requestedName) throws IOException {
        Files.createDirectories(home.root());
        boolean created = false;
        if (!Files.exists(home.privateKey())) {
            NodeIdentity.generate().saveNew(home);
            created = true;
        }
        NodeIdentity identity = NodeIdentity.load(home);
        NodeConfig config;
        if (Files.exists(home.config())) {
            config = NodeConfig.load(home);
        } else {
            config = NodeConfig.withName(requestedName != null ? requestedName : defaultName());
            config.save(home);
            created = true;
        }
        Files.createDirectories(home.publicDrive());
        ApiToken.createIfMissing(home);
        return new Result(identity, config, created);
    }

    /** The machine's host name, made into a valid node name. */
    static String defaultName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = System.getProperty("user.name", "node");
        }
        String cleaned = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-").replaceAll("^[^a-z0-9]+", "");
        if (cleaned.length() > 63) {
            cleaned = cleaned.substring(0, 63);
        }
        return cleaned.isEmpty() || cleaned.equals("our") ? "node" : cleaned;
    }
}
