import dev.nectar.ft.home.Home;
import dev.nectar.ft.home.HostPort;
import dev.nectar.ft.home.NodeConfig;
import dev.nectar.ft.identity.AddressBook;
import dev.nectar.ft.identity.NodeIdentity;
import dev.nectar.ft.identity.Peer;
import dev.nectar.ft.node.HomeInitializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The swarm benchmark: an origin whose uplink is held to a rate (tc tbf on its veth) and N receivers on one LAN of
 * network namespaces, all asking for the same file at once. Prints, for each N, the time until every receiver has
 * the file against one receiver alone, the bytes the origin sent (in copies of the file, counted at its interface),
 * and rsync from an rsync daemon on the origin to the same N receivers at once, through the same uplink.
 *
 * Run it with bench/swarm.sh [FILE_MIB] [RATE] [N ...]; it needs root, and makes and deletes its namespaces.
 */
public final class Swarm {
    private static final String STEM = "ftsw";
    private static final String PREFIX = Commands.prefix(STEM);
    private static final int ORIGIN = 1;

    public static void main(String[] args) throws Exception {
        Commands.deleteStaleNamespaces(STEM);
        long size = Long.parseLong(args[0]) << 20;
        String rate = args[1];
        Path ft = Path.of(args[2]).toAbsolutePath();
        List<Integer> counts = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            counts.add(Integer.parseInt(args[i]));
        }
        Path work = Commands.workFolder("ft-swarm-");
        Path data = work.resolve("data");
        Files.createDirectories(data);
        System.err.printf("making %d MiB of random data in %s%n", size >> 20, data);
        Commands.randomFile(data.resolve("big.bin"), size, 1);
        Commands.randomFile(data.resolve("warm.bin"), 64L << 20, 2);
        Map<Integer, double[]> results = new LinkedHashMap<>();
        double[] one = run(ft, work.resolve("n1"), data, size, rate, 1);
        double alone = one[0];
        for (int n : counts) {
            results.put(n, run(ft, work.resolve("n" + n), data, size, rate, n));
        }
        System.out.printf(Locale.ROOT, "%nOrigin uplink %s, a %d MiB file; one receiver alone: %.1f s (rsync: %.1f s); every node on"
                + " the same cores%n%n", rate, size >> 20, alone, one[2]);
        System.out.println("| receivers | ft: all done | ft vs one alone | origin sent (copies) | nodes' CPU s | rsync to all at once | ft time / rsync time |");
        System.out.println("|---|---|---|---|---|---|---|");
        results.forEach((n, r) -> System.out.printf(Locale.ROOT, "| %d | %.1f s | %.2fx | %.2f | %.0f | %.1f s | %.2fx |%n",
                n, r[0], r[0] / alone, r[1], r[3], r[2], r[0] / r[2]));
        Commands.deleteTree(work);
    }

    /** One swarm of {@code n} receivers: {seconds until all have the file, origin copies sent, rsync seconds}. */
    private static double[] run(Path ft, Path work, Path data, long size, String rate, int n) throws Exception {
        List<String> names = new ArrayList<>(List.of("origin"));
        for (int i = 1; i <= n; i++) {
            names.add("r" + i);
        }
        List<Process> nodes = new ArrayList<>();
        Process rsyncd = null;
        try {
            Commands.run("ip", "netns", "add", ns("lan"));
            Commands.inNamespace(ns("lan"), "ip", "link", "add", "br0", "type", "bridge");
            Commands.inNamespace(ns("lan"), "ip", "link", "set", "br0", "up");
            for (int i = 0; i < names.size(); i++) {
                host(names.get(i), i);
            }
            Commands.inNamespace(ns("origin"), "tc", "qdisc", "add", "dev", "eth0", "root", "tbf", "rate", rate, "burst", "256kb", "latency", "200ms");
            Map<String, NodeIdentity> identities = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                Home home = new Home(work.resolve(names.get(i)));
                NodeConfig config = HomeInitializer.initialize(home, names.get(i)).config();
                new NodeConfig(names.get(i), address(i) + ":7700", "127.0.0.1:7701", config.access(), 20, 600, config.allow(),
                        config.limits(), false, null).save(home);
                identities.put(names.get(i), NodeIdentity.load(home));
            }
            for (int i = 1; i < names.size(); i++) {
                AddressBook book = AddressBook.load(new Home(work.resolve(names.get(i))));
                for (int j = 0; j < names.size(); j++) {
                    if (j != i) {
                        book.add(new Peer(names.get(j), identities.get(names.get(j)).nodeId(), List.of(new HostPort(address(j), 7700))));
                    }
                }
            }
            Files.createLink(new Home(work.resolve("origin")).publicDrive().resolve("big.bin"), data.resolve("big.bin"));
            Files.createLink(new Home(work.resolve("origin")).publicDrive().resolve("warm.bin"), data.resolve("warm.bin"));
            for (String name : names) {
                nodes.add(new ProcessBuilder(List.of("ip", "netns", "exec", ns(name), ft.toString(), "--home",
                        work.resolve(name).toString(), "node")).redirectErrorStream(true)
                        .redirectOutput(work.resolve(name + ".log").toFile()).start());
            }
            for (String name : names) {
                Path running = new Home(work.resolve(name)).runningNode();
                for (int waited = 0; !Files.exists(running); waited++) {
                    if (waited > 600) {
                        throw new IOException(name + " did not start: see " + work.resolve(name + ".log"));
                    }
                    Thread.sleep(100);
                }
            }
            // Warm: every receiver fetches a smaller file first, as running daemons are, so that the figures are not the JIT's.
            downloadAll(work, names, "warm.bin");
            long before = sent("origin");
            double cpuBefore = cpuSeconds(nodes);
            double seconds = downloadAll(work, names, "big.bin");
            double copies = (double) (sent("origin") - before) / size;
            double cpu = cpuSeconds(nodes) - cpuBefore;
            System.err.printf(Locale.ROOT, "%d receivers: %.1f s, origin sent %.2f copies, the nodes spent %.1f CPU seconds (%.1f per GiB"
                    + " received)%n", n, seconds, copies, cpu, cpu / (n * (double) size / (1L << 30)));

            Path conf = work.resolve("rsyncd.conf");
            Files.writeString(conf, "use chroot = false\n[data]\npath = " + data + "\nread only = true\n");
            rsyncd = new ProcessBuilder(List.of("ip", "netns", "exec", ns("origin"), "rsync", "--daemon", "--no-detach", "--config=" + conf,
                    "--address=" + address(0), "--port=8730")).redirectErrorStream(true).redirectOutput(work.resolve("rsyncd.log").toFile()).start();
            Thread.sleep(500);
            long rsyncStart = System.nanoTime();
            List<Process> pulls = new ArrayList<>();
            for (String name : names.subList(1, names.size())) {
                Path to = work.resolve(name + "-rsync");
                Files.createDirectories(to);
                pulls.add(new ProcessBuilder(List.of("ip", "netns", "exec", ns(name), "rsync", "-a",
                        "rsync://" + address(0) + ":8730/data/big.bin", to.toString())).redirectErrorStream(true).start());
            }
            for (Process pull : pulls) {
                if (!pull.waitFor(30, TimeUnit.MINUTES) || pull.exitValue() != 0) {
                    throw new IOException("rsync failed: " + new String(pull.getInputStream().readAllBytes()));
                }
            }
            double rsyncSeconds = (System.nanoTime() - rsyncStart) / 1e9;
            System.err.printf(Locale.ROOT, "%d receivers by rsync at once: %.1f s%n", n, rsyncSeconds);
            return new double[] {seconds, copies, rsyncSeconds, cpu};
        } finally {
            if (rsyncd != null) {
                rsyncd.destroyForcibly().waitFor();
            }
            for (Process node : nodes) {
                node.destroy();
            }
            for (Process node : nodes) {
                node.waitFor(20, TimeUnit.SECONDS);
            }
            for (String name : names) {
                Commands.runQuietly("ip", "netns", "del", ns(name));
            }
            Commands.runQuietly("ip", "netns", "del", ns("lan"));
        }
    }

    /**
     * Every receiver asks the origin for {@code file} at once, through its local API (curl in its namespace, so that
     * no JVM starts while the file moves); returns the seconds until the last one is done.
     */
    private static double downloadAll(Path work, List<String> names, String file) throws Exception {
        long start = System.nanoTime();
        Map<String, String> ids = new LinkedHashMap<>();
        for (String name : names.subList(1, names.size())) {
            String answer = api(work, name, "POST", "/api/downloads", "{\"peer\":\"origin\",\"names\":[\"" + file + "\"]}");
            java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"id\":\"([^\"]+)\"").matcher(answer);
            if (!id.find()) {
                throw new IOException(name + " did not start the download: " + answer);
            }
            ids.put(name, id.group(1));
        }
        while (!ids.isEmpty()) {
            Thread.sleep(100);
            for (var entry : List.copyOf(ids.entrySet())) {
                String status = api(work, entry.getKey(), "GET", "/api/transfers/" + entry.getValue(), null);
                if (status.contains("\"state\":\"done\"")) {
                    ids.remove(entry.getKey());
                } else if (status.contains("\"state\":\"failed\"") || status.contains("\"state\":\"cancelled\"")) {
                    throw new IOException(entry.getKey() + ": " + status);
                }
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static String api(Path work, String name, String method, String path, String body) throws Exception {
        String token = Files.readString(new Home(work.resolve(name)).apiToken()).strip();
        return Commands.nodeApi(ns(name), token, method, path, body);
    }

    /** User and system CPU seconds of these processes so far (each is the node's JVM: ip netns exec and ./ft exec it). */
    private static double cpuSeconds(List<Process> processes) throws IOException {
        double seconds = 0;
        for (Process process : processes) {
            seconds += ProcessCpu.of(process.pid());
        }
        return seconds;
    }

    private static String ns(String name) {
        return PREFIX + "-" + name;
    }

    private static String address(int index) {
        return "10.245.0." + (index + ORIGIN);
    }

    /** A host on the LAN's bridge with its address on eth0; nothing routes off the LAN. */
    private static void host(String name, int index) throws Exception {
        Commands.run("ip", "netns", "add", ns(name));
        String outer = PREFIX + "v" + index;
        String inner = PREFIX + "w" + index;
        Commands.run("ip", "link", "add", outer, "type", "veth", "peer", "name", inner);
        Commands.run("ip", "link", "set", outer, "netns", ns("lan"));
        Commands.run("ip", "link", "set", inner, "netns", ns(name));
        Commands.inNamespace(ns("lan"), "ip", "link", "set", outer, "master", "br0");
        Commands.inNamespace(ns("lan"), "ip", "link", "set", outer, "up");
        Commands.inNamespace(ns(name), "ip", "link", "set", inner, "name", "eth0");
        Commands.inNamespace(ns(name), "ip", "addr", "add", address(index) + "/24", "dev", "eth0");
        Commands.inNamespace(ns(name), "ip", "link", "set", "eth0", "up");
        Commands.inNamespace(ns(name), "ip", "link", "set", "lo", "up");
    }

    private static long sent(String host) throws Exception {
        Process cat = new ProcessBuilder(List.of("ip", "netns", "exec", ns(host), "cat", "/sys/class/net/eth0/statistics/tx_bytes")).start();
        String out = new String(cat.getInputStream().readAllBytes()).strip();
        cat.waitFor();
        return Long.parseLong(out);
    }



}
