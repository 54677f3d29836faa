package dev.nectar.ft.node;

import static org.awaitility.Awaitility.await;

import dev.nectar.ft.home.HostPort;
import dev.nectar.ft.home.Home;
import dev.nectar.ft.home.NodeConfig;
import dev.nectar.ft.home.RunningNode;
import dev.nectar.ft.identity.AddressBook;
import dev.nectar.ft.identity.NodeIdentity;
import dev.nectar.ft.identity.Peer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A real `ft node` process started from the built jar, which a test may kill -9 and start again. */
final class NodeProcess implements AutoCloseable {
    private static final Path JAR = Path.of("target", "ft.jar").toAbsolutePath();
    /** The JVM flags ./ft runs every command with: the same heap, so that a test sees what a user's node would. */
    static final String JVM_OPTIONS = "@" + Path.of("scripts", "jvm.options").toAbsolutePath();

    private final Home home;
    private final HostPort listen;
    private final Path log;
    private Process process;

    private NodeProcess(Home home, HostPort listen, Path log) {
        this.home = home;
        this.listen = listen;
        this.log = log;
    }

    /** Initializes a home with these reconnection settings and a fixed free port, so a restart listens where it did. */
    static NodeProcess start(Path directory, String name, int stallTimeoutSeconds, int retryDeadlineSeconds) throws IOException {
        Home home = new Home(directory.resolve(name));
        NodeConfig config = HomeInitializer.initialize(home, name).config();
        HostPort listen = new HostPort("127.0.0.1", freePort());
        new NodeConfig(config.name(), listen.toString(), "127.0.0.1:0", config.access(), stallTimeoutSeconds, retryDeadlineSeconds, config.allow(), config.limits(), false, null).save(home);
        NodeProcess node = new NodeProcess(home, listen, directory.resolve(name + ".log"));
        node.start();
        return node;
    }

    void start() throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", JVM_OPTIONS, "-jar", JAR.toString(), "--home", home.root().toString(), "node"));
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> !process.isAlive()
                || RunningNode.find(home).filter(running -> running.pid() == process.pid()).isPresent());
        if (!process.isAlive()) {
            throw new IllegalStateException("the node of " + home + " did not start: " + Files.readString(log));
        }
    }

    /**
     * Puts {@code peer} in this node's address book under {@code name}, reached at {@code address}, and restarts this
     * node (kill -9 and start), since a running node reads its book only at start.
     */
    void knowAs(String name, NodeProcess peer, HostPort address) throws Exception {
        AddressBook.load(home).add(new Peer(name, NodeIdentity.load(peer.home()).nodeId(), List.of(address)));
        kill();
        start();
    }

    /** kill -TERM, as systemctl stop or a reboot does: the node's shutdown hook runs; waits until it is gone. */
    void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    /**
     * Starts an ft command as a person types it, with the flags ./ft gives commands, against {@code home}; its output
     * goes to {@code out} and {@code err}.
     */
    static Process ft(Home home, Path out, Path err, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", JVM_OPTIONS, "-jar", JAR.toString(), "--home", home.root().toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    /** The most memory the node's process has had resident since it started (VmHWM), in bytes. */
    long peakResidentBytes() throws IOException {
        String line = Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status")).stream()
                .filter(status -> status.startsWith("VmHWM:")).findFirst().orElseThrow();
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
    }

    /** What the node has logged so far, over all its starts. */
    String log() throws IOException {
        return Files.readString(log);
    }

    /** kill -9: no shutdown hook, no onExit, nothing flushed that was not already written. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    Home home() {
        return home;
    }

    HostPort listen() {
        return listen;
    }

    TestApi api() throws IOException {
        return new TestApi(home, RunningNode.find(home).orElseThrow().api());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
        }
    }
}
