package dev.nectar.ft.cli;

import dev.nectar.ft.home.Home;
import dev.nectar.ft.home.RunningNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * The training run of the JVM's ahead-of-time caches ({@code -XX:AOTCacheOutput}, JDK 25): the commands people type
 * most, run in this JVM against two nodes on loopback that download a file and a folder from each other. The cache
 * this JVM leaves holds the classes those commands load, already parsed and linked, so that every later command
 * starts with them at hand (not the training's method profiles: see {@code scripts/aot-training.options}). The nodes,
 * and the {@code ft init} that makes their homes, run as processes of their own: their classes would make the
 * commands' cache twice as large, and a JVM that starts with a cache loads all of it. With
 * {@code -Dft.nodeCacheOutput=PATH}, the first node makes the nodes' cache there as it stops: the classes it loaded
 * receiving, sending and answering the commands, so that a node starts in half the time, and its method profiles, so
 * that its compilers start from what a node does: each node sends a file of 256 MiB, as well as a folder of small files
 * (with a file of 4 MiB instead, C2 compiled from small transfers and a large file's first gigabytes moved a tenth
 * slower; with 256 MiB the first download of a large file after a node's start moves a quarter faster than without
 * profiles; docs/benchmarks.md).
 *
 * <pre>java FLAGS_OF_COMMANDS @scripts/aot-training.options -XX:AOTCacheOutput=ft.aot [-Dft.nodeCacheOutput=ft-node.aot]
 *     -cp ft.jar dev.nectar.ft.cli.StartupTraining LAUNCHER...</pre>
 *
 * <p>The arguments are the command that starts ft ({@code ./ft} or the release's {@code bin/ft}), for the nodes, which
 * it starts with {@code FT_AOT_TRAINING=1} so that the launcher neither uses nor makes a cache for them. Run by
 * {@code ./ft} after it builds the jar and by the release build; prints nothing unless a command failed, and then
 * exits non-zero, so that a broken build does not leave a cache trained on error paths.
 */
public final class StartupTraining {
    /** The system property naming where the nodes' cache goes; without it, the nodes make none. */
    private static final String NODE_CACHE_OUTPUT = "ft.nodeCacheOutput";
    /** What the node that makes the nodes' cache is started with, before the cache's path: classes and profiles. */
    private static final String NODE_CACHE_FLAGS = "-XX:AOTCacheOutput=";
    /** The large file each node shares, written a block at a time: the training's heap is the commands' small one. */
    private static final int LARGE_FILE_BLOCKS = 64;
    private static final int BLOCK_BYTES = 4 << 20;
    /** A node writes its cache as it stops: some seconds for tens of megabytes. */
    private static final int NODE_STOP_SECONDS = 60;

    private StartupTraining() {}

    public static void main(String[] ft) throws IOException {
        // What Main does before the command, so that the cache holds Main and its thread's lambda too.
        Main.prepareInBackground();
        Path directory = Files.createTempDirectory("ft-training");
        List<Process> nodes = new ArrayList<>();
        int exit = 0;
        try {
            train(List.of(ft), directory, nodes);
        } catch (IOException | RuntimeException e) {
            System.err.println("ft: the training run failed: " + e.getMessage());
            exit = 1;
        } catch (InterruptedException e) {
            System.err.println("ft: the training run was interrupted");
            exit = 1;
        } finally {
            nodes.forEach(Process::destroy);
            for (Process node : nodes) {
                waitFor(node);
            }
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
        System.exit(exit);
    }

    private static void train(List<String> ft, Path directory, List<Process> nodes) throws IOException, InterruptedException {
        Home alice = new Home(directory.resolve("alice"));
        Home bob = new Home(directory.resolve("bob"));
        initialize(ft, alice, "alice", directory.resolve("alice-init.log"));
        initialize(ft, bob, "bob", directory.resolve("bob-init.log"));
        share(bob, "bob");
        share(alice, "alice");
        String nodeCache = System.getProperty(NODE_CACHE_OUTPUT);
        nodes.add(start(ft, alice, directory.resolve("alice.log"), nodeCache == null ? null : NODE_CACHE_FLAGS + quoted(nodeCache)));
        nodes.add(start(ft, bob, directory.resolve("bob.log"), null));
        awaitRunning(alice, nodes);
        awaitRunning(bob, nodes);
        run(alice, "peer", "add", run(bob, "id", "--ticket").strip());
        run(bob, "peer", "add", run(alice, "id", "--ticket").strip());
        run(alice, "--version");
        run(alice, "--help");
        run(alice, "id");
        run(alice, "peer", "ls");
        run(alice, "peer", "ls", "--json");
        run(alice, "ls", "bob");
        run(alice, "ls", "bob", "--json");
        run(alice, "get", "bob", "bob.bin");
        run(alice, "get", "bob", "bob/");
        run(alice, "transfers");
        run(alice, "transfers", "--json");
        run(bob, "transfers", "--sending");
        run(alice, "access");
        // The node that makes the nodes' cache sends too.
        run(bob, "get", "alice", "alice.bin");
        run(bob, "get", "alice", "alice/");
    }

    /** A file of 256 MiB and a folder of small files in the home's drive, named after {@code name}. */
    private static void share(Home home, String name) throws IOException {
        byte[] block = new byte[BLOCK_BYTES];
        Random random = new Random(name.hashCode());
        try (OutputStream out = Files.newOutputStream(home.publicDrive().resolve(name + ".bin"))) {
            for (int i = 0; i < LARGE_FILE_BLOCKS; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        Path folder = Files.createDirectories(home.publicDrive().resolve(name));
        for (int i = 0; i < 300; i++) {
            Files.write(folder.resolve("small-" + i + ".txt"), ("file " + i + "\n").repeat(100).getBytes());
        }
    }

    /**
     * Makes a home with {@code ft init} in a process of its own: its identity's certificate needs some 400 classes (Bouncy
     * Castle's and the JDK's own security) that no other command loads, and a JVM that starts with a cache loads all of
     * it (`ft peer ls` 266 -> 253 ms wall without them, docs/benchmarks.md).
     */
    private static void initialize(List<String> ft, Home home, String name, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(ft);
        command.addAll(List.of("--home", home.root().toString(), "init", "--name", name));
        int exit = launcher(command, log).start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("`ft init` exited with " + exit + ": " + Files.readString(log).strip());
        }
    }

    /**
     * Starts a node through the launcher, with {@code javaOptions} (if not null) for its JVM. Given to the JVM itself
     * in JDK_JAVA_OPTIONS, which takes a quoted path whole, not in FT_JAVA_OPTS, which the launchers split at spaces:
     * a checkout under a path with a space made a training without caches.
     */
    private static Process start(List<String> ft, Home home, Path log, String javaOptions) throws IOException {
        List<String> command = new ArrayList<>(ft);
        command.addAll(List.of("--home", home.root().toString(), "node", "--listen", "127.0.0.1:0", "--api",
                "127.0.0.1:0", "--no-discovery"));
        ProcessBuilder builder = launcher(command, log);
        if (javaOptions != null) {
            builder.environment().merge("JDK_JAVA_OPTIONS", javaOptions, (theirs, ours) -> theirs + " " + ours);
        }
        return builder.start();
    }

    /** {@code command} through the launcher, which neither uses nor makes a cache for it, its output to {@code log}. */
    private static ProcessBuilder launcher(List<String> command, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("FT_AOT_TRAINING", "1");
        builder.environment().remove("FT_JAVA_OPTS");
        return builder;
    }

    /** {@code text} as one argument of JDK_JAVA_OPTIONS, which splits at white space outside quotes. */
    private static String quoted(String text) {
        return text.contains("\"") ? "'" + text + "'" : "\"" + text + "\"";
    }

    private static void awaitRunning(Home home, List<Process> nodes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (RunningNode.find(home).isEmpty()) {
            if (nodes.stream().anyMatch(node -> !node.isAlive()) || System.nanoTime() > deadline) {
                throw new IllegalStateException("the node of " + home + " did not start");
            }
            // Polling a file that the node writes once it listens: nothing to be told by.
            Thread.sleep(50);
        }
    }

    /** Runs one command as {@code ft} would and returns what it printed. */
    private static String run(Home home, String... command) {
        String[] args = Stream.concat(Stream.of("--home", home.root().toString()), Stream.of(command)).toArray(String[]::new);
        CommandLine commandLine = FtCommand.commandLineFor(args);
        StringWriter out = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(OutputStream.nullOutputStream()));
        int exit = commandLine.execute(args);
        if (exit != 0) {
            throw new IllegalStateException("`ft " + String.join(" ", command) + "` exited with " + exit);
        }
        return out.toString();
    }

    private static void waitFor(Process node) {
        try {
            if (!node.waitFor(NODE_STOP_SECONDS, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        } catch (InterruptedException e) {
            node.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
