package dev.nectar.ft.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nectar.ft.home.Home;
import dev.nectar.ft.home.RunningNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's walk-through with real node processes started from the built jar, and the CLI as a process too. */
class NodeProcessIT {
    private static final Path JAR = Path.of("target", "ft.jar").toAbsolutePath();
    private final List<Process> started = new ArrayList<>();

    @TempDir
    Path directory;

    @AfterEach
    void stopAll() {
        started.forEach(Process::destroyForcibly);
    }

    private static List<String> java() {
        String java = ProcessHandle.current().info().command().orElse("java");
        return List.of(java, "--enable-native-access=ALL-UNNAMED", "-jar", JAR.toString());
    }

    /** Starts `ft node` with FT_HOME set to a home that does not exist yet: the node initializes it itself. */
    private Home startNode(String name) throws IOException {
        Home home = new Home(directory.resolve(name));
        List<String> command = new ArrayList<>(java());
        command.addAll(List.of("node", "--name", name, "--listen", "127.0.0.1:0", "--api", "127.0.0.1:0"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(directory.resolve(name + ".log").toFile());
        builder.environment().put("FT_HOME", home.root().toString());
        started.add(builder.start());
        await().atMost(Duration.ofSeconds(30)).until(() -> RunningNode.find(home).isPresent());
        return home;
    }

    private record Result(int exitCode, String out, String err) {}

    private static Result ft(Home home, String... args) throws Exception {
        List<String> command = new ArrayList<>(java());
        command.addAll(List.of("--home", home.root().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        var out = process.getInputStream().readAllBytes();
        var err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void twoNodeProcessesListEachOthersFilesThroughTheCli() throws Exception {
        Home alice = startNode("alice");
        Home bob = startNode("bob");
        Files.write(bob.publicDrive().resolve("blue-danube.mp3"), new byte[9_668_359]);

        assertThat(ft(alice, "peer", "add", ft(bob, "id", "--ticket").out().strip()).exitCode()).isZero();
        assertThat(ft(bob, "peer", "add", ft(alice, "id", "--ticket").out().strip()).exitCode()).isZero();
        Result ls = ft(alice, "ls", "bob");
        Result raw = ft(alice, "m", "bob@file_transfer", "\"ListFiles\"");
        Result back = ft(bob, "ls", "alice");

        assertThat(ls.out()).contains("9.2 MiB  blue-danube.mp3");
        assertThat(raw.out().strip()).isEqualTo("{\"ListFiles\":[{\"name\":\"blue-danube.mp3\",\"size\":9668359}]}");
        assertThat(back.out()).contains("alice shares no files");
        assertThat(Files.readString(directory.resolve("alice.log"))).contains("node alice (").contains("listening on 127.0.0.1:");
    }

    @Test
    void aKilledPeerIsReportedOfflineAndAStoppedNodeCleansUp() throws Exception {
        Home alice = startNode("alice");
        Home bob = startNode("bob");
        ft(alice, "peer", "add", ft(bob, "id", "--ticket").out().strip());
        assertThat(ft(alice, "ls", "bob").exitCode()).isZero();

        long bobPid = RunningNode.find(bob).orElseThrow().pid();
        ProcessHandle.of(bobPid).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> RunningNode.find(bob).isEmpty());
        Result offline = ft(alice, "ls", "bob");

        assertThat(offline.exitCode()).isEqualTo(1);
        assertThat(offline.err().strip()).startsWith("ft: bob is offline");

        ProcessHandle aliceProcess = ProcessHandle.of(RunningNode.find(alice).orElseThrow().pid()).orElseThrow();
        aliceProcess.destroy();
        await().atMost(Duration.ofSeconds(15)).until(() -> !aliceProcess.isAlive());
        assertThat(alice.runningNode()).doesNotExist();
    }
}
