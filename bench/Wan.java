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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The long-fat-network benchmark: a far host (an ft node, sshd, nginx) and a near one (an ft node, scp, rsync, curl)
 * in two network namespaces joined by a veth pair held to a rate by tc tbf, every connection through a delay line
 * (bench/DelayLine.java) in the near namespace that adds the round trip. For each round trip, the same file by ft,
 * curl over HTTPS, scp and rsync over ssh, one after another, a few runs each; prints MB/s medians and ratios.
 *
 * Run it with bench/wan.sh [FILE_MIB] [RATE] [RTT_MS ...]; it needs root, and makes and deletes its namespaces.
 */
public final class Wan {
    private static final String STEM = "ftwan";
    private static final String PREFIX = Commands.prefix(STEM);
    private static final String FAR = "10.246.0.1";
    private static final String NEAR = "10.246.0.2";
    private static final int RUNS = 3;
    /** WAN_TOOLS=ft (or any of these, comma-separated) runs only those, for a quick look at one. */
    private static final List<String> TOOLS = List.of(System.getenv().getOrDefault("WAN_TOOLS", "ft,curl,scp,rsync").split(","));

    public static void main(String[] args) throws Exception {
        Commands.deleteStaleNamespaces(STEM);
        long size = Long.parseLong(args[0]) << 20;
        String rate = args[1];
        Path ft = Path.of(args[2]).toAbsolutePath();
        Path delayLine = Path.of(args[3]).toAbsolutePath();
        String java = args[4];
        List<Integer> roundTrips = Arrays.stream(args, 5, args.length).map(Integer::parseInt).toList();
        Path work = Commands.workFolder("ft-wan-");
        List<Process> processes = new ArrayList<>();
        PeerServers servers = null;
        Map<Integer, Map<String, List<Double>>> results = new LinkedHashMap<>();
        try {
            Path data = Files.createDirectories(work.resolve("data"));
            System.err.printf("making %d MiB of random data in %s%n", size >> 20, data);
            Commands.randomFile(data.resolve("big.bin"), size, 1);
            Commands.randomFile(data.resolve("warm.bin"), 128L << 20, 2);
            network(rate);
            servers = PeerServers.start(work.resolve("servers"), data, FAR, 2222, 8443, List.of("ip", "netns", "exec", ns("far")));
            processes.addAll(nodes(ft, work, data));
            for (int roundTrip : roundTrips) {
                Process line = new ProcessBuilder(List.of("ip", "netns", "exec", ns("near"), java, delayLine.toString(),
                        String.valueOf(roundTrip / 2), "127.0.0.1:17700=" + FAR + ":7700", "127.0.0.1:12222=" + FAR + ":2222",
                        "127.0.0.1:18443=" + FAR + ":8443")).redirectErrorStream(true)
                        .redirectOutput(work.resolve("delay-" + roundTrip + ".log").toFile()).start();
                try {
                    awaitLine(work.resolve("delay-" + roundTrip + ".log"));
                    // Warm: the nodes' JIT and their link, as running daemons are.
                    ftDownload(work, "warm.bin");
                    Files.delete(new Home(work.resolve("near")).publicDrive().resolve("warm.bin"));
                    Map<String, List<Double>> rates = new LinkedHashMap<>();
                    for (int run = 1; run <= RUNS; run++) {
                        for (String tool : TOOLS) {
                            double seconds = copy(tool, work, servers);
                            rates.computeIfAbsent(tool, t -> new ArrayList<>()).add(size / seconds / 1e6);
                            System.err.printf(Locale.ROOT, "%d ms, run %d: %s %.1f MB/s%n", roundTrip, run, tool, size / seconds / 1e6);
                        }
                    }
                    results.put(roundTrip, rates);
                } finally {
                    line.destroyForcibly().waitFor();
                }
            }
        } finally {
            if (servers != null) {
                servers.close();
            }
            for (Process process : processes) {
                process.destroy();
            }
            for (Process process : processes) {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            Commands.runQuietly("ip", "netns", "del", ns("far"));
            Commands.runQuietly("ip", "netns", "del", ns("near"));
        }
        System.out.printf(Locale.ROOT, "%nA %d MiB file over a %s link (tc tbf) with a delay line adding the round trip; median of %d runs,"
                + " MB/s%n%n", size >> 20, rate, RUNS);
        System.out.println("| round trip | ft | curl (HTTPS) | scp | rsync over ssh | ft / curl | ft / scp | ft / rsync |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        results.forEach((roundTrip, rates) -> {
            double ours = median(rates.getOrDefault("ft", List.of()));
            double curl = median(rates.getOrDefault("curl", List.of()));
            double scp = median(rates.getOrDefault("scp", List.of()));
            double rsync = median(rates.getOrDefault("rsync", List.of()));
            System.out.printf(Locale.ROOT, "| %d ms | %.1f | %.1f | %.1f | %.1f | %.2fx | %.2fx | %.2fx |%n", roundTrip, ours,
                    curl, scp, rsync, ours / curl, ours / scp, ours / rsync);
        });
        Commands.deleteTree(work);
    }

    /** Two hosts on a veth pair, each end's egress held to {@code rate}; nothing routes anywhere else. */
    private static void network(String rate) throws Exception {
        Commands.run("ip", "netns", "add", ns("far"));
        Commands.run("ip", "netns", "add", ns("near"));
        Commands.run("ip", "link", "add", PREFIX + "a", "type", "veth", "peer", "name", PREFIX + "b");
        Commands.run("ip", "link", "set", PREFIX + "a", "netns", ns("far"));
        Commands.run("ip", "link", "set", PREFIX + "b", "netns", ns("near"));
        for (String[] host : List.of(new String[] {"far", PREFIX + "a", FAR}, new String[] {"near", PREFIX + "b", NEAR})) {
            Commands.inNamespace(ns(host[0]), "ip", "link", "set", host[1], "name", "eth0");
            Commands.inNamespace(ns(host[0]), "ip", "addr", "add", host[2] + "/24", "dev", "eth0");
            Commands.inNamespace(ns(host[0]), "ip", "link", "set", "eth0", "up");
            Commands.inNamespace(ns(host[0]), "ip", "link", "set", "lo", "up");
            Commands.inNamespace(ns(host[0]), "tc", "qdisc", "add", "dev", "eth0", "root", "tbf", "rate", rate, "burst", "1mb", "latency", "50ms");
        }
    }

    /** The far node shares the data; the near one knows it at the delay line's port. */
    private static List<Process> nodes(Path ft, Path work, Path data) throws Exception {
        Map<String, String> listen = Map.of("far", FAR + ":7700", "near", NEAR + ":7700");
        for (String name : List.of("far", "near")) {
            Home home = new Home(work.resolve(name));
            NodeConfig config = HomeInitializer.initialize(home, name).config();
            new NodeConfig(name, listen.get(name), "127.0.0.1:7701", config.access(), 20, 600, config.allow(),
                    config.limits(), false, null).save(home);
        }
        NodeIdentity far = NodeIdentity.load(new Home(work.resolve("far")));
        AddressBook.load(new Home(work.resolve("near"))).add(new Peer("far", far.nodeId(), List.of(new HostPort("127.0.0.1", 17700))));
        for (String file : List.of("big.bin", "warm.bin")) {
            Files.createLink(new Home(work.resolve("far")).publicDrive().resolve(file), data.resolve(file));
        }
        List<Process> started = new ArrayList<>();
        for (String name : List.of("far", "near")) {
            started.add(new ProcessBuilder(List.of("ip", "netns", "exec", ns(name), ft.toString(), "--home", work.resolve(name).toString(),
                    "node")).redirectErrorStream(true).redirectOutput(work.resolve(name + ".log").toFile()).start());
        }
        for (String name : List.of("far", "near")) {
            Path running = new Home(work.resolve(name)).runningNode();
            for (int waited = 0; !Files.exists(running); waited++) {
                if (waited > 600) {
                    throw new IOException(name + " did not start: see " + work.resolve(name + ".log"));
                }
                Thread.sleep(100);
            }
        }
        return started;
    }

    /** Seconds for one copy of big.bin by {@code tool} to the near host, through the delay line. */
    private static double copy(String tool, Path work, PeerServers servers) throws Exception {
        Path to = work.resolve("received");
        Commands.deleteTree(to);
        Files.createDirectories(to);
        List<String> sshOptions = servers.sshOptions();
        String source = work.resolve("data").resolve("big.bin").toString();
        long start = System.nanoTime();
        switch (tool) {
            case "ft" -> {
                ftDownload(work, "big.bin");
                long seconds = System.nanoTime() - start;
                Files.deleteIfExists(new Home(work.resolve("near")).publicDrive().resolve("big.bin"));
                return seconds / 1e9;
            }
            case "curl" -> Commands.inNamespace(ns("near"), "curl", "-sSfk", "-o", to.resolve("big.bin").toString(), "https://127.0.0.1:18443/big.bin");
            case "scp" -> {
                List<String> scp = new ArrayList<>(List.of("scp", "-q", "-P", "12222"));
                scp.addAll(sshOptions);
                scp.addAll(List.of("root@127.0.0.1:" + source, to + "/"));
                Commands.inNamespace(ns("near"), scp.toArray(String[]::new));
            }
            case "rsync" -> Commands.inNamespace(ns("near"), "rsync", "-a", "-e", "ssh -p 12222 " + String.join(" ", sshOptions), "root@127.0.0.1:" + source, to + "/");
            default -> throw new IllegalArgumentException(tool);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** One download by the near node through its local API (curl in its namespace: no JVM starts while it runs). */
    private static void ftDownload(Path work, String file) throws Exception {
        String answer = api(work, "POST", "/api/downloads", "{\"peer\":\"far\",\"names\":[\"" + file + "\"]}");
        Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(answer);
        if (!id.find()) {
            throw new IOException("the near node did not start the download: " + answer);
        }
        while (true) {
            Thread.sleep(20);
            String status = api(work, "GET", "/api/transfers/" + id.group(1), null);
            if (status.contains("\"state\":\"done\"")) {
                return;
            }
            if (status.contains("\"state\":\"failed\"") || status.contains("\"state\":\"cancelled\"")) {
                throw new IOException("ft: " + status);
            }
        }
    }

    private static String api(Path work, String method, String path, String body) throws Exception {
        String token = Files.readString(new Home(work.resolve("near")).apiToken()).strip();
        return Commands.nodeApi(ns("near"), token, method, path, body);
    }

    private static void awaitLine(Path log) throws Exception {
        for (int waited = 0; !Files.readString(log).contains("delay line:"); waited++) {
            if (waited > 300) {
                throw new IOException("the delay line did not start: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static String ns(String name) {
        return PREFIX + "-" + name;
    }



}
