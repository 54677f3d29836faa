import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the namespace benchmarks (Swarm.java, Wan.java) share: commands run to their end, in a network namespace or
 * not, and the files they make and remove. Found by the source launcher next to the benchmark it starts.
 */
final class Commands {
    private Commands() {}

    /**
     * The prefix of this run's namespaces and links: {@code stem} and this JVM's pid, so that a later run can tell the
     * namespaces of a run that was killed (its cleanup never ran) from those of one still running.
     */
    static String prefix(String stem) {
        return stem + Long.toHexString(ProcessHandle.current().pid());
    }

    /** Deletes the namespaces (and with them their links) of runs of {@code stem} whose process is gone. */
    static void deleteStaleNamespaces(String stem) throws Exception {
        Process list = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
        String out = new String(list.getInputStream().readAllBytes());
        list.waitFor();
        Matcher names = Pattern.compile("^" + stem + "([0-9a-f]{1,12})-\\S+", Pattern.MULTILINE).matcher(out);
        while (names.find()) {
            if (!ProcessHandle.of(Long.parseLong(names.group(1), 16)).map(ProcessHandle::isAlive).orElse(false)) {
                System.err.println("deleting network namespace " + names.group() + ", left by a run that was killed");
                runQuietly("ip", "netns", "del", names.group());
            }
        }
    }

    /**
     * A new temporary work folder readable by every user: the peers' servers (nginx, rsync's daemon) read the data as
     * users of their own.
     */
    static Path workFolder(String prefix) throws IOException {
        return Files.createTempDirectory(prefix, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    /** Runs {@code command}; fails with its output if it fails. */
    static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + ": " + out);
        }
    }

    /** Runs {@code command} in network namespace {@code namespace}; fails with its output if it fails. */
    static void inNamespace(String namespace, String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        line.addAll(List.of(command));
        run(line.toArray(String[]::new));
    }

    /** Runs {@code command} for what it does, whatever it answers (cleaning up what may not exist). */
    static void runQuietly(String... command) throws Exception {
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    /**
     * One call of the local API of the node in {@code namespace} (on 127.0.0.1:7701 there), by curl in that namespace
     * so that no JVM starts while files move; returns the answer's body.
     */
    static String nodeApi(String namespace, String token, String method, String path, String body) throws Exception {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace, "curl", "-s", "-X", method,
                "-H", "Authorization: Bearer " + token, "-H", "Content-Type: application/json"));
        if (body != null) {
            command.addAll(List.of("-d", body));
        }
        command.add("http://127.0.0.1:7701" + path);
        Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes());
        curl.waitFor();
        return out;
    }

    /** Writes {@code size} bytes drawn from {@code seed} to {@code file}, its folders made as needed; returns it. */
    static Path randomFile(Path file, long size, long seed) throws IOException {
        Files.createDirectories(file.getParent());
        Random random = new Random(seed);
        byte[] block = new byte[1 << 20];
        try (var out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, size - written));
            }
        }
        return file;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
