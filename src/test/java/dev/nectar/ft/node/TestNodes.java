package dev.nectar.ft.node;

import dev.nectar.ft.home.HostPort;
import dev.nectar.ft.home.Home;
import dev.nectar.ft.home.Limits;
import dev.nectar.ft.home.NodeConfig;
import dev.nectar.ft.identity.Peer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts real nodes in this JVM, each with its own temporary home, on loopback ephemeral ports. */
public final class TestNodes implements AutoCloseable {
    private static final HostPort ANY_LOOPBACK_PORT = new HostPort("127.0.0.1", 0);

    private final Path directory;
    private final List<Node> nodes = new ArrayList<>();

    public TestNodes() throws IOException {
        directory = Files.createTempDirectory("ft-nodes-");
    }

    /** Nodes whose homes are under {@code parent}, such as {@link MemoryBackedTempDir#parent()}. */
    public TestNodes(Path parent) throws IOException {
        directory = Files.createTempDirectory(parent, "ft-nodes-");
    }

    /** Initializes a home called {@code name} and starts its node, with a 5 s stall timeout and a 60 s retry deadline. */
    public Node start(String name) throws IOException {
        return start(name, 5, 60);
    }

    /** Initializes a home called {@code name}, with these reconnection settings, and starts its node. */
    public Node start(String name, int stallTimeoutSeconds, int retryDeadlineSeconds) throws IOException {
        return start(name, stallTimeoutSeconds, retryDeadlineSeconds, Limits.DEFAULT);
    }

    /** Initializes a home called {@code name}, with these settings, and starts its node. */
    public Node start(String name, int stallTimeoutSeconds, int retryDeadlineSeconds, Limits limits) throws IOException {
        Home home = new Home(directory.resolve(name));
        NodeConfig config = HomeInitializer.initialize(home, name).config();
        new NodeConfig(config.name(), config.listen(), config.api(), config.access(), stallTimeoutSeconds, retryDeadlineSeconds,
                config.allow(), limits, false, null).save(home);
        return restart(home);
    }

    /** Initializes a home called {@code name} and starts its node as a relay for others, with these limits. */
    public Node startRelay(String name, Limits limits) throws IOException {
        Home home = new Home(directory.resolve(name));
        NodeConfig config = HomeInitializer.initialize(home, name).config();
        new NodeConfig(config.name(), config.listen(), config.api(), config.access(), 5, 60, config.allow(), limits, false, null)
                .withRelay(true).save(home);
        return restart(home);
    }

    /** Initializes a home called {@code name} and starts its node, announcing itself on loopback every second. */
    public Node startDiscovering(String name) throws IOException {
        Home home = new Home(directory.resolve(name));
        NodeConfig config = HomeInitializer.initialize(home, name).config();
        new NodeConfig(config.name(), config.listen(), config.api(), config.access(), 5, 60, config.allow(), Limits.DEFAULT, true, 1)
                .save(home);
        return restart(home);
    }

    /** Starts the node of an existing home again. */
    public Node restart(Home home) throws IOException {
        Node node = Node.start(home, ANY_LOOPBACK_PORT, ANY_LOOPBACK_PORT);
        nodes.add(node);
        return node;
    }

    /** Puts each node in the other's address book under its own name, as `ft peer add` would. */
    public static void introduce(Node a, Node b) throws IOException {
        a.addressBook().add(new Peer(b.name(), b.identity().nodeId(), b.listenAddresses()));
        b.addressBook().add(new Peer(a.name(), a.identity().nodeId(), a.listenAddresses()));
    }

    public static Path write(Node node, String name, byte[] content) throws IOException {
        Path file = node.home().publicDrive().resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        return file;
    }

    public Path directory() {
        return directory;
    }

    @Override
    public void close() throws IOException {
        nodes.forEach(Node::close);
        try (var walk = Files.walk(directory)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
