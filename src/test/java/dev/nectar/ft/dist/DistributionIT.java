package dev.nectar.ft.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release as a user gets it (`./mvnw -Pdist package`): the archive unpacked anywhere runs with no Java on the
 * machine, and the Debian package installs ft with a service user and a unit, and leaves the node's home behind
 * when removed. Both run a two-node walk-through on loopback with the installed `ft`.
 */
class DistributionIT {
    private static final Path DIST = Path.of("target", "dist").toAbsolutePath();
    private static final boolean CI = System.getenv("CI") != null;

    @TempDir
    Path directory;
    private final List<Process> nodes = new ArrayList<>();

    @AfterEach
    void stopNodes() throws InterruptedException {
        for (Process node : nodes) {
            node.destroy();
            node.waitFor(20, TimeUnit.SECONDS);
            node.destroyForcibly();
        }
    }

    /** A command line and the environment it runs in, run to its end. */
    private record Run(int exit, String out) {}

    private static Run run(Map<String, String> environment, List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        return new Run(process.exitValue(), out.strip());
    }

    private static String ok(Map<String, String> environment, List<String> command) throws Exception {
        Run result = run(environment, command);
        assertThat(result.exit()).as(String.join(" ", command) + ": " + result.out()).isZero();
        return result.out();
    }

    private static Path artifact(String glob) throws IOException {
        assumeTrue(CI || Files.isDirectory(DIST), "no target/dist: build it with ./mvnw -Pdist package");
        try (Stream<Path> files = Files.list(DIST)) {
            var found = files.filter(file -> file.getFileSystem().getPathMatcher("glob:" + glob).matches(file.getFileName())).findFirst();
            assumeTrue(CI || found.isPresent(), "no " + glob + " in " + DIST);
            return found.orElseThrow(() -> new AssertionError("no " + glob + " in " + DIST));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /**
     * Two nodes, one with {@code aliceHome} (null: the default home under $HOME), one with {@code bobHome}, each
     * started with {@code ft} as {@code prefix} runs it: they meet by ticket, alice lists bob and downloads a file.
     */
    private void walkThrough(List<String> prefix, Map<String, String> environment, Path aliceHome, Path bobHome,
                             Path aliceFiles) throws Exception {
        List<String> alice = new ArrayList<>(prefix);
        if (aliceHome != null) {
            alice.addAll(List.of("--home", aliceHome.toString()));
        }
        List<String> bob = new ArrayList<>(prefix);
        bob.addAll(List.of("--home", bobHome.toString()));

        ok(environment, concat(alice, "init", "--name", "alice"));
        ok(environment, concat(bob, "init", "--name", "bob"));
        startNode(environment, concat(alice, "node", "--listen", "127.0.0.1:" + freePort(), "--api", "127.0.0.1:0"), aliceFiles.getParent());
        startNode(environment, concat(bob, "node", "--listen", "127.0.0.1:" + freePort(), "--api", "127.0.0.1:0"), bobHome);

        byte[] bytes = new byte[3 << 20];
        new Random(7).nextBytes(bytes);
        Path shared = bobHome.resolve("files").resolve("blue-danube.mp3");
        Files.write(shared, bytes);
        ok(environment, concat(alice, "peer", "add", ok(environment, concat(bob, "id", "--ticket"))));

        assertThat(ok(environment, concat(alice, "ls", "bob"))).contains("blue-danube.mp3");
        ok(environment, concat(alice, "get", "bob", "blue-danube.mp3"));
        assertThat(sha256(aliceFiles.resolve("blue-danube.mp3"))).isEqualTo(sha256(shared));
    }

    private void startNode(Map<String, String> environment, List<String> command, Path home) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("nodes.log").toFile()));
        builder.environment().clear();
        builder.environment().putAll(environment);
        nodes.add(builder.start());
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(home.resolve("node.json")));
    }

    private static List<String> concat(List<String> prefix, String... more) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(List.of(more));
        return all;
    }

    @Test
    void theArchiveUnpackedAnywhereRunsWithNoJavaOnTheMachine() throws Exception {
        Path archive = artifact("ft-*-linux-x64.tar.gz");
        Path unpacked = Files.createDirectories(directory.resolve("opt"));
        ok(Map.of("PATH", "/usr/bin:/bin"), List.of("tar", "-xzf", archive.toString(), "-C", unpacked.toString()));
        Path ft;
        try (Stream<Path> folders = Files.list(unpacked)) {
            ft = folders.findFirst().orElseThrow().resolve("bin/ft");
        }
        // A PATH with only what the launcher itself calls: no java, no JDK anywhere on it, no JAVA_HOME.
        Path bin = Files.createDirectories(directory.resolve("bin"));
        for (String tool : List.of("sh", "dirname", "readlink")) {
            Files.createSymbolicLink(bin.resolve(tool), Path.of(ok(Map.of("PATH", "/usr/bin:/bin"), List.of("sh", "-c", "command -v " + tool))));
        }
        Path home = Files.createDirectories(directory.resolve("home"));
        Map<String, String> environment = Map.of("PATH", bin.toString(), "HOME", home.toString());

        assertThat(ok(environment, List.of(ft.toString(), "--version"))).matches("ft \\d+\\.\\d+\\.\\d+ \\(.*\\)");
        // With AOTMode=on the JVM refuses to start unless it can use the cache: the release's cache fits its runtime
        // and jar wherever the archive was unpacked.
        Map<String, String> cacheRequired = Map.of("PATH", bin.toString(), "HOME", home.toString(), "FT_JAVA_OPTS", "-XX:AOTMode=on");
        assertThat(ok(cacheRequired, List.of(ft.toString(), "--version"))).as("a command started from the ahead-of-time cache")
                .startsWith("ft ");
        Map<String, String> shell = Map.of("PATH", bin + ":/usr/bin:/bin", "HOME", home.toString());
        assertThat(ok(shell, List.of("bash", "-c", "source <(" + ft + " completion bash) && complete -p ft")))
                .isEqualTo("complete -o default -F _complete_ft ft");
        boolean zsh = run(shell, List.of("sh", "-c", "command -v zsh")).exit() == 0;
        assumeTrue(CI || zsh, "zsh is not installed");
        assertThat(ok(shell, List.of("zsh", "-fc", "autoload -U +X compinit && compinit -u && source <(" + ft
                + " completion zsh) && print -r -- ${_comps[ft]}"))).as("ft's completion registered in zsh").contains("_complete_ft");

        walkThrough(List.of(ft.toString()), environment, null, directory.resolve("bob"), home.resolve(".ft/files"));
        assertThat(home.resolve(".ft/node.key")).as("the default home is $HOME/.ft").exists();
    }

    @Test
    void theDebianPackageInstallsAServiceUserAndAUnitAndItsRemovalKeepsTheNodesHome() throws Exception {
        Path deb = artifact("ft_*_amd64.deb");
        boolean root = "root".equals(System.getProperty("user.name"));
        boolean dpkg = run(Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), List.of("sh", "-c", "command -v dpkg")).exit() == 0;
        assumeTrue(CI || root && dpkg, "installing a package needs root and dpkg");
        boolean installedBefore = run(Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), List.of("dpkg", "-s", "ft")).exit() == 0;
        assumeTrue(!installedBefore, "a package named ft is installed already: not touching it");
        assumeTrue(!Files.exists(Path.of("/var/lib/ft")), "/var/lib/ft exists already: not touching it");
        Map<String, String> system = Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "LANG", "C.UTF-8");
        Path bob = Files.createDirectories(Path.of("/tmp", "ft-package-test-" + System.nanoTime()));
        try {
            ok(system, List.of("dpkg", "-i", deb.toString()));
            assertThat(ok(system, List.of("sh", "-c", "command -v ft"))).isEqualTo("/usr/bin/ft");
            assertThat(ok(system, List.of("stat", "-c", "%U:%G %a", "/var/lib/ft"))).isEqualTo("ft:ft 750");
            assertThat(ok(system, List.of("getent", "passwd", "ft"))).contains(":/var/lib/ft:");
            Run verify = run(system, List.of("systemd-analyze", "verify", "/lib/systemd/system/ft.service"));
            assertThat(verify.out()).as("systemd-analyze verify").doesNotContain("ft.service:");
            assertThat(Files.readString(Path.of("/lib/systemd/system/ft.service")))
                    .contains("User=ft", "ProtectSystem=strict", "ReadWritePaths=/var/lib/ft", "NoNewPrivileges=true", "PrivateTmp=true");
            assertThat(Path.of("/usr/share/bash-completion/completions/ft")).exists();
            assertThat(Path.of("/etc/systemd/system/multi-user.target.wants/ft.service")).as("not enabled by the package").doesNotExist();

            Files.setPosixFilePermissions(bob, PosixFilePermissions.fromString("rwxr-xr-x"));
            ok(system, List.of("chown", "ft:ft", bob.toString()));
            walkThrough(List.of("runuser", "-u", "ft", "--", "/usr/bin/ft"), Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"),
                    Path.of("/var/lib/ft"), bob, Path.of("/var/lib/ft/files"));
            stopNodes();
            nodes.clear();

            ok(system, List.of("dpkg", "-r", "ft"));
            assertThat(Path.of("/usr/bin/ft")).doesNotExist();
            assertThat(Path.of("/var/lib/ft/node.key")).as("the node's identity outlives the package").exists();
            assertThat(Path.of("/var/lib/ft/files/blue-danube.mp3")).as("and so do its files").exists();
        } finally {
            run(system, List.of("dpkg", "--purge", "ft"));
            run(system, List.of("rm", "-rf", "/var/lib/ft", bob.toString()));
            run(system, List.of("userdel", "ft"));
            run(system, List.of("sh", "-c", "getent group ft >/dev/null && groupdel ft || true"));
        }
    }
}
