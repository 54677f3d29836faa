package dev.nectar.ft.home;

import java.nio.file.Path;
import java.util.Map;

/** The layout of a node's home directory ({@code $FT_HOME}, default {@code $HOME/.ft}). */
public record Home(Path root) {
    public static final String ENVIRONMENT_VARIABLE = "FT_HOME";

    public Home {
        root = root.toAbsolutePath().normalize();
    }

    /** The home named by {@code explicit}, else by {@code $FT_HOME}, else {@code $HOME/.ft}. */
    public static Home locate(String explicit) {
        return locate(explicit, System.getenv());
    }

    /**
     * As {@link #locate(String)}, in {@code environment}. {@code $HOME} is read from the environment, as a shell
     * reads it: the JVM's {@code user.home} comes from the password database and ignores a changed {@code $HOME}
     * (a service, {@code sudo -H}, a test harness).
     */
    public static Home locate(String explicit, Map<String, String> environment) {
        if (explicit != null && !explicit.isBlank()) {
            return new Home(Path.of(explicit));
        }
        String fromEnvironment = environment.get(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new Home(Path.of(fromEnvironment));
        }
        String userHome = environment.get("HOME");
        return new Home(Path.of(userHome != null && !userHome.isBlank() ? userHome : System.getProperty("user.home"), ".ft"));
    }

    public Path privateKey() {
        return root.resolve("node.key");
    }

    public Path certificate() {
        return root.resolve("node.crt");
    }

    public Path config() {
        return root.resolve("config.toml");
    }

    public Path peers() {
        return root.resolve("peers.json");
    }

    public Path apiToken() {
        return root.resolve("api.token");
    }

    /** Written by a running node so that the CLI can find its API; removed when the node stops. */
    public Path runningNode() {
        return root.resolve("node.json");
    }

    public Path publicDrive() {
        return root.resolve("files");
    }

    public Path hashIndex() {
        return root.resolve("hash-index");
    }

    public Path journals() {
        return root.resolve("journals");
    }

    /** The transfers that ended, one JSON line each, shown again after a restart. */
    public Path transferHistory() {
        return root.resolve("transfers.jsonl");
    }

    public boolean isInitialized() {
        return java.nio.file.Files.exists(privateKey()) && java.nio.file.Files.exists(config());
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
