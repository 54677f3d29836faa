package dev.nectar.ft.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nectar.ft.home.Home;
import dev.nectar.ft.home.NodeConfig;
import dev.nectar.ft.node.HomeInitializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Real node processes, each in its host's namespace, driven as their owners would: `ft node` to start one and
 * `ft ...` commands run in the same namespace (where the node's API listens on that namespace's loopback).
 */
final class NamespacedNodes implements AutoCloseable {
    private static final Path JAR = Path.of("target", "ft.jar").toAbsolutePath();
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    private final Namespaces net;
    private final Path directory;
    private final Map<String, Process> nodes = new HashMap<>();

    NamespacedNodes(Namespaces net, Path directory) {
        this.net = net;
        this.directory = directory;
    }

    Home home(String name) {
        return new Home(directory.resolve(name));
    }

    /**
     * Makes the home of node {@code name}, with its config changed by {@code settings}, unless it exists: what
     * `ft init --name NAME` does (CliIT runs that), in this JVM, since a JVM start per node is most of a test's time.
     */
    void init(String name, UnaryOperator<NodeConfig> settings) throws Exception {
        Home home = home(name);
        if (!home.isInitialized()) {
            settings.apply(HomeInitializer.initialize(home, name).config()).save(home);
        }
    }

    /** Starts `ft node` for {@code name} in its namespace, with these extra flags, and waits until it runs. */
    void start(String name, String... flags) throws Exception {
        Home home = home(name);
        List<String> command = new ArrayList<>(ft(name));
        command.add("node");
        command.addAll(List.of(flags));
        Process node = new ProcessBuilder(net.in(name, command)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve(name + ".log").toFile())).start();
        nodes.put(name, node);
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(home.runningNode()) || !node.isAlive());
        assertThat(node.isAlive()).as(name + " started: " + log(name)).isTrue();
    }

    /** Starts `ft node` for each of {@code names} at once, then waits until all of them run. */
    void startAll(List<String> names, String... flags) throws Exception {
        for (String name : names) {
            List<String> command = new ArrayList<>(ft(name));
            command.add("node");
            command.addAll(List.of(flags));
            nodes.put(name, new ProcessBuilder(net.in(name, command)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve(name + ".log").toFile())).start());
        }
        for (String name : names) {
            Process node = nodes.get(name);
            await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(home(name).runningNode()) || !node.isAlive());
            assertThat(node.isAlive()).as(name + " started: " + log(name)).isTrue();
        }
    }

    /** Stops the node as Ctrl-C would. */
    void stop(String name) throws InterruptedException {
        Process node = nodes.remove(name);
        node.destroy();
        node.waitFor(20, TimeUnit.SECONDS);
    }

    /** Kills the node as kill -9 would. */
    void kill(String name) throws InterruptedException {
        Process node = nodes.remove(name);
        node.destroyForcibly();
        node.waitFor(20, TimeUnit.SECONDS);
    }

    String log(String name) throws IOException {
        Path log = directory.resolve(name + ".log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Runs `ft --home HOME ARGS` in {@code name}'s namespace; fails the test unless it exits 0. */
    String cli(String name, String... args) throws Exception {
        Process process = background(name, args);
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0).as(String.join(" ", args) + ": " + out).isTrue();
        return out.strip();
    }

    /** Starts `ft --home HOME ARGS` in {@code name}'s namespace without waiting for it; its output is its input stream. */
    Process background(String name, String... args) throws IOException {
        List<String> command = new ArrayList<>(ft(name));
        command.addAll(List.of(args));
        return new ProcessBuilder(net.in(name, command)).redirectErrorStream(true).start();
    }

    private List<String> ft(String name) {
        return List.of(JAVA, "--enable-native-access=ALL-UNNAMED", "-jar", JAR.toString(), "--home", home(name).root().toString());
    }

    @Override
    public void close() {
        nodes.values().forEach(Process::destroyForcibly);
    }
}
