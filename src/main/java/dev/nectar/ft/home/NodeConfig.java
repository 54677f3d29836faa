package dev.nectar.ft.home;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The owner's settings, kept in {@code config.toml}.
 *
 * @param name   the human name this node gives itself (a label, not proof)
 * @param listen where the node accepts links from other nodes
 * @param api    where the local API and web UI listen (loopback)
 * @param access who may list and download: {@code public} or {@code allowlist}
 * @param stallTimeoutSeconds  how long a download waits for data before it treats the link as broken
 * @param retryDeadlineSeconds how long a download keeps reconnecting, with backoff, before it fails
 * @param allow  the node ids that may list and download in {@code allowlist} mode
 * @param limits the limits that keep the node serving everyone, see {@link Limits}
 * @param discovery whether the node announces itself and listens for other nodes on the networks it listens on
 * @param discoveryIntervalSeconds how often it announces itself; a node not heard for three intervals is gone
 * @param relay  whether this node relays for others: joins nodes that cannot reach each other
 * @param relays the tickets of the relays this node registers with, so that nodes that cannot reach it still can
 * @param swarm  whether this node offers the files of its public drive (and downloads into it, while they run) to
 *               peers downloading the same file from elsewhere; its own downloads take chunks from others either way
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NodeConfig(String name, String listen, String api, String access,
                         @JsonProperty("stall_timeout_seconds") Integer stallTimeoutSeconds,
                         @JsonProperty("retry_deadline_seconds") Integer retryDeadlineSeconds,
                         List<String> allow, Limits limits, Boolean discovery,
                         @JsonProperty("discovery_interval_seconds") Integer discoveryIntervalSeconds,
                         Boolean relay, List<String> relays, Boolean swarm) {
    public static final String DEFAULT_LISTEN = "0.0.0.0:7700";
    public static final String DEFAULT_API = "127.0.0.1:7701";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final TomlMapper TOML = TomlMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public NodeConfig {
        if (name == null) {
            throw new IllegalArgumentException("the node has no name: set name = \"...\" (1-63 letters, digits, '.', '_' or '-')");
        }
        requireValidName(name);
        listen = listen == null ? DEFAULT_LISTEN : listen;
        api = api == null ? DEFAULT_API : api;
        access = access == null ? "public" : access;
        stallTimeoutSeconds = stallTimeoutSeconds == null ? 20 : stallTimeoutSeconds;
        retryDeadlineSeconds = retryDeadlineSeconds == null ? 600 : retryDeadlineSeconds;
        allow = allow == null ? List.of() : List.copyOf(allow);
        limits = limits == null ? Limits.DEFAULT : limits;
        discovery = discovery == null || discovery;
        discoveryIntervalSeconds = discoveryIntervalSeconds == null ? 30 : discoveryIntervalSeconds;
        relay = relay != null && relay;
        relays = relays == null ? List.of() : List.copyOf(relays);
        swarm = swarm == null || swarm;
        if (discoveryIntervalSeconds < 1) {
            throw new IllegalArgumentException("discovery_interval_seconds must be at least 1");
        }
        if (stallTimeoutSeconds < 1 || retryDeadlineSeconds < 0) {
            throw new IllegalArgumentException("stall_timeout_seconds must be at least 1 and retry_deadline_seconds at least 0");
        }
        HostPort.parse(listen);
        HostPort.parse(api);
        if (!access.equals("public") && !access.equals("allowlist")) {
            throw new IllegalArgumentException("access must be 'public' or 'allowlist', not '" + access + "'");
        }
    }

    /** The settings of a node that neither relays nor uses relays. */
    public NodeConfig(String name, String listen, String api, String access, Integer stallTimeoutSeconds, Integer retryDeadlineSeconds,
                      List<String> allow, Limits limits, Boolean discovery, Integer discoveryIntervalSeconds) {
        this(name, listen, api, access, stallTimeoutSeconds, retryDeadlineSeconds, allow, limits, discovery, discoveryIntervalSeconds,
                null, null, null);
    }

    public static NodeConfig withName(String name) {
        return new NodeConfig(name, null, null, null, null, null, null, null, null, null);
    }

    /** Peer and node names: letters, digits, '.', '_' and '-', starting with a letter or digit, at most 63. */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** As {@link #isValidName}, and not {@code our}, which always means this node; else why not, in one line. */
    public static void requireValidName(String name) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a valid name: use 1-63 letters, digits, '.', '_' or '-'");
        }
        if (name.equals("our")) {
            throw new IllegalArgumentException("'our' is reserved: it always means this node");
        }
    }

    /** The same settings with another access mode and allow-list. */
    public NodeConfig withAccess(String newAccess, List<String> newAllow) {
        return new NodeConfig(name, listen, api, newAccess, stallTimeoutSeconds, retryDeadlineSeconds, newAllow, limits, discovery,
                discoveryIntervalSeconds, relay, relays, swarm);
    }

    /** The same settings with discovery on or off. */
    public NodeConfig withDiscovery(boolean on) {
        return new NodeConfig(name, listen, api, access, stallTimeoutSeconds, retryDeadlineSeconds, allow, limits, on,
                discoveryIntervalSeconds, relay, relays, swarm);
    }

    /** The same settings with the relay role on or off. */
    public NodeConfig withRelay(boolean on) {
        return new NodeConfig(name, listen, api, access, stallTimeoutSeconds, retryDeadlineSeconds, allow, limits, discovery,
                discoveryIntervalSeconds, on, relays, swarm);
    }

    /** The same settings with these relay tickets. */
    public NodeConfig withRelays(List<String> newRelays) {
        return new NodeConfig(name, listen, api, access, stallTimeoutSeconds, retryDeadlineSeconds, allow, limits, discovery,
                discoveryIntervalSeconds, relay, newRelays, swarm);
    }

    public java.time.Duration stallTimeout() {
        return java.time.Duration.ofSeconds(stallTimeoutSeconds);
    }

    public java.time.Duration retryDeadline() {
        return java.time.Duration.ofSeconds(retryDeadlineSeconds);
    }

    public java.time.Duration discoveryInterval() {
        return java.time.Duration.ofSeconds(discoveryIntervalSeconds);
    }

    public HostPort listenAddress() {
        return HostPort.parse(listen);
    }

    public HostPort apiAddress() {
        return HostPort.parse(api);
    }

    public static NodeConfig load(Home home) throws IOException {
        try {
            return TOML.readValue(Files.readAllBytes(home.config()), NodeConfig.class);
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot read " + home.config() + ": " + rootMessage(e), e);
        }
    }

    /**
     * The settings of {@code home}'s config.toml that this version does not know, as {@code name} or
     * {@code limits.name}: typos most likely. They are ignored (a config written by a later version still loads), so
     * the node says so at start rather than run silently on a default.
     */
    public static List<String> unknownSettings(Home home) throws IOException {
        List<String> unknown = new ArrayList<>();
        forEachUnknown(TOML.readTree(Files.readAllBytes(home.config())), (table, name, value) -> unknown.add(table == null ? name : table + "." + name));
        return unknown;
    }

    /** A setting this version does not know: its table ({@code limits}, or null at the top), name and value. */
    private interface UnknownSetting {
        void found(String table, String name, JsonNode value);
    }

    private static void forEachUnknown(JsonNode tree, UnknownSetting each) {
        Set<String> known = settingsOf(NodeConfig.class);
        tree.properties().forEach(setting -> {
            if (!known.contains(setting.getKey())) {
                each.found(null, setting.getKey(), setting.getValue());
            }
        });
        if (tree.path("limits").isObject()) {
            Set<String> knownLimits = settingsOf(Limits.class);
            tree.path("limits").properties().forEach(setting -> {
                if (!knownLimits.contains(setting.getKey())) {
                    each.found("limits", setting.getKey(), setting.getValue());
                }
            });
        }
    }

    /** The names a record's components have in config.toml: their {@code @JsonProperty} name, or their own. */
    private static Set<String> settingsOf(Class<? extends Record> type) {
        Set<String> names = new HashSet<>();
        for (RecordComponent component : type.getRecordComponents()) {
            JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
            names.add(property != null ? property.value() : component.getName());
        }
        return names;
    }

    /**
     * Writes this config to {@code home}'s config.toml, keeping the settings of the file there that this version
     * does not know: a setting a later version wrote, or a typo the node names at every start, is not lost when the
     * node saves a change of its own ({@code ft access}, {@code ft relay add}).
     */
    public void save(Home home) throws IOException {
        ObjectNode tree = TOML.valueToTree(this);
        if (Files.exists(home.config())) {
            forEachUnknown(TOML.readTree(Files.readAllBytes(home.config())),
                    (table, name, value) -> (table == null ? tree : tree.withObjectProperty(table)).set(name, value));
        }
        AtomicFile.write(home.config(), TOML.writeValueAsString(tree).getBytes(StandardCharsets.UTF_8));
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
