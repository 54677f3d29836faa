import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The side-by-side benchmark: two real ft nodes on loopback move a large random file and a folder of many small
 * files, and scp, rsync and nginx+curl move the same data in the same run (../shared/bench/baseline.sh).
 * Prints a Markdown table of medians and ratios, and the peak RSS of both nodes.
 *
 * Run it with bench/run.sh [RUNS] [FILE_MIB] [FILES].
 */
public final class Bench {
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int PARALLEL_FILES = 8;
    private static final int COMMAND_RUNS = 10;
    /**
     * How many times the large file moves, unmeasured, between the cold pass and run 1. Two fresh nodes' JIT
     * compilers work through some 9 GiB of downloads (0.7-1.0 CPU s per GiB in the second to fourth, still
     * recompiling after uncommon traps until the eighth; docs/benchmarks.md): without these passes run 1 started
     * after 4 GiB and its receiving node spent twice the CPU per GiB of run 3, so "warm" meant half warm.
     */
    private static final int LARGE_FILE_WARM_UP_PASSES = 4;

    record Node(Process process, Path home, String api, String token) {}

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        long fileMib = Long.parseLong(args[1]);
        int files = Integer.parseInt(args[2]);
        Path ft = Path.of(args[3]).toAbsolutePath();
        Path baseline = Path.of(args[4]).toAbsolutePath();
        Path work = Commands.workFolder("ft-bench-");
        List<Node> nodes = new ArrayList<>();
        try {
            Path data = work.resolve("data");
            System.err.printf("making %d MiB of random data and %d files of 4 KiB in %s%n", fileMib, files, data);
            Path big = Commands.randomFile(data.resolve("big.bin"), fileMib << 20, 1);
            // The concurrent case: 8 files of an eighth of the large one (128 MiB each for 1 GiB), downloaded at once.
            Path parallel = data.resolve("parallel");
            for (int i = 0; i < PARALLEL_FILES; i++) {
                Commands.randomFile(parallel.resolve("part" + i + ".bin"), (fileMib << 20) / PARALLEL_FILES, 100 + i);
            }
            Path small = data.resolve("small");
            for (int i = 0; i < files; i++) {
                Commands.randomFile(small.resolve(String.format("f%05d", i)), 4096, i + 2);
            }

            Node alice = start(ft, work.resolve("alice"), "alice");
            Node bob = start(ft, work.resolve("bob"), "bob");
            nodes.add(alice);
            nodes.add(bob);
            copyAsHardLinks(data, bob.home().resolve("files"));
            settleDisk();
            ft(ft, alice.home(), "peer", "add", ft(ft, bob.home(), "id", "--ticket").strip());

            List<Double> ourFile = new ArrayList<>();
            List<Double> receiverCpu = new ArrayList<>();
            List<Double> senderCpu = new ArrayList<>();
            List<Double> ourFolder = new ArrayList<>();
            List<Double> ourParallel = new ArrayList<>();
            List<Double> listMillis = new ArrayList<>();
            List<Double> listP99 = new ArrayList<>();
            // Each peer's copy lands just after the previous copy of the same size was deleted (baseline.sh empties the
            // destination before each copy). Ours do too: the large file after the last run's 8 files, the 8 files
            // after the large file. On this VM, a gigabyte written into memory not touched for a few seconds runs at a
            // third of the rate of one written into pages just freed (README), so the order decides the figures.
            // The 8 parts once, unmeasured, so that the nodes' JITs have moved a gigabyte before the large file's
            // first download: what that download shows is the sender hashing the file, which a node does once per file.
            Path warmUp = work.resolve("warm-up");
            download(alice, List.of("parallel/"), warmUp, 20);
            clear(warmUp);
            // Run 0 is the first pass over each data set: the sender hashes the large file and the small ones. Its
            // large file is the cold first download (reported beside the warm median); the tables hold runs 1 to RUNS,
            // which come after the large file moved LARGE_FILE_WARM_UP_PASSES more times.
            Path previous = null;
            for (int run = 0; run <= runs; run++) {
                Path destination = work.resolve("received-" + run);
                clear(previous);
                double[] cpuBefore = {cpuSeconds(alice), cpuSeconds(bob)};
                double fileSeconds = download(alice, List.of("big.bin"), destination, 20);
                ourFile.add(Files.size(big) / fileSeconds / 1e6);
                double gib = Files.size(big) / (double) (1L << 30);
                receiverCpu.add((cpuSeconds(alice) - cpuBefore[0]) / gib);
                senderCpu.add((cpuSeconds(bob) - cpuBefore[1]) / gib);
                clear(destination.resolve("big.bin"));
                // The ListFiles round trip is measured while the large file moves again: listing a drive 20 times a
                // second loads both nodes, and the peers' copies run without such a load.
                List<Double> runMillis = new java.util.concurrent.CopyOnWriteArrayList<>();
                Thread lister = Thread.ofVirtual().start(() -> measureListFiles(alice, runMillis));
                download(alice, List.of("big.bin"), destination, 20);
                lister.interrupt();
                lister.join();
                if (run > 0) {
                    listMillis.addAll(runMillis);
                    listP99.add(percentile(runMillis, 99));
                }
                clear(destination.resolve("big.bin"));
                double parallelSeconds = download(alice, List.of("parallel/"), destination, 20);
                ourParallel.add((fileMib << 20) / parallelSeconds / 1e6);
                // Asked every 50 ms, as bench/folder.sh asks: at 200 ms the poll's wait was up to 7 % of a folder's time.
                double folderSeconds = files == 0 ? Double.NaN : download(alice, List.of("small/"), destination, 50);
                ourFolder.add(files * 4096.0 / folderSeconds / 1e6);
                clear(destination.resolve("small"));
                System.err.printf("run %d: file %.0f MB/s (%.2f s), %d files at once %.0f MB/s, folder %.1f MB/s (%.0f files/s)%n", run,
                        ourFile.getLast(), fileSeconds, PARALLEL_FILES, ourParallel.getLast(), ourFolder.getLast(), files / folderSeconds);
                previous = destination;
                if (run == 0) {
                    Path warmUpLarge = work.resolve("warm-up-large");
                    for (int pass = 0; pass < LARGE_FILE_WARM_UP_PASSES; pass++) {
                        clear(previous);
                        download(alice, List.of("big.bin"), warmUpLarge, 20);
                        previous = warmUpLarge;
                    }
                }
            }
            // A second large file that no run has moved, now that both nodes' JITs are as warm as in the last run: what a
            // first download costs apart from the JIT's warm-up, which the cold pass above pays as well as the hashing.
            // It is made before the last run's files are deleted, so that its download, like every run's, lands in
            // pages just freed: made after, it took those pages itself, and the download into memory not touched for
            // a while ran at half the rate with twice the receiving node's CPU, in the kernel's copy into the page cache.
            Path fresh = Commands.randomFile(bob.home().resolve("files/fresh.bin"), fileMib << 20, 7);
            clear(previous);
            Path freshTo = work.resolve("received-fresh");
            double[] freshCpuBefore = {cpuSeconds(alice), cpuSeconds(bob)};
            double freshFile = Files.size(fresh) / download(alice, List.of("fresh.bin"), freshTo, 20) / 1e6;
            double freshCpu = (cpuSeconds(alice) - freshCpuBefore[0] + cpuSeconds(bob) - freshCpuBefore[1])
                    / (Files.size(fresh) / (double) (1L << 30));
            clear(freshTo);
            double coldFile = ourFile.removeFirst();
            double coldCpu = receiverCpu.removeFirst() + senderCpu.removeFirst();
            ourParallel.removeFirst();
            ourFolder.removeFirst();
            List<Double> durable = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                durable.add(Files.size(big) / durableCopy(big, work.resolve("durable-copy.bin")) / 1e6);
            }
            Map<String, Double> commandMillis = commandLatencies(ft, alice.home());
            List<Double> typedGet = new ArrayList<>();
            Path typedTo = work.resolve("received-typed");
            for (int run = 1; run <= runs; run++) {
                long start = System.nanoTime();
                ft(ft, alice.home(), "get", "bob", "big.bin", "--to", typedTo.toString());
                typedGet.add(Files.size(big) / ((System.nanoTime() - start) / 1e9) / 1e6);
                clear(typedTo);
            }
            long aliceRss = peakRssKib(alice.process().pid());
            long bobRss = peakRssKib(bob.process().pid());
            // BENCH_RELAY=none skips the relayed downloads.
            String relayed = "none".equals(System.getenv("BENCH_RELAY")) ? null
                    : relayed(ft, work, bob, nodes, runs, big, parallel, median(ourFile));

            // BENCH_PEERS=none skips the peers, for a quick look at ft alone while working on it.
            boolean peers = !"none".equals(System.getenv("BENCH_PEERS"));
            Map<String, List<Double>> fileBaseline = peers ? baseline(baseline, big, runs) : Map.of();
            Map<String, List<Double>> peerCpu = peers ? peerCpu(work, big, runs) : Map.of();
            Map<String, List<Double>> folderBaseline = peers && files > 0 ? baseline(baseline, small, runs) : Map.of();

            System.out.println();
            System.out.printf("| data | ft (median of %d) | scp | rsync over ssh | nginx+curl HTTPS | ft / scp | ft / rsync | ft / curl |%n", runs);
            System.out.println("|---|---|---|---|---|---|---|---|");
            row(fileMib + " MiB random file, MB/s", ourFile, fileBaseline);
            row(PARALLEL_FILES + " files of " + fileMib / PARALLEL_FILES + " MiB at once, MB/s in all", ourParallel, Map.of());
            row(files + " files of 4 KiB, MB/s", ourFolder, folderBaseline);
            System.out.println();
            System.out.printf(Locale.ROOT, "The disk's ceiling for a durable download: a local copy of the large file, fsynced every 64 MiB "
                    + "and at the end as ft does, median %.1f MB/s; ft reaches %.0f%% of it (scp, rsync and curl do not fsync).%n",
                    median(durable), 100 * median(ourFile) / median(durable));
            System.out.printf(Locale.ROOT, "The first download of the large file (the sender hashes it; the 8 parts moved once before): %.1f MB/s, %.2fx"
                    + " the warm median; CPU %.2f s per GiB, both nodes.%n", coldFile, coldFile / median(ourFile), coldCpu);
            System.out.printf(Locale.ROOT, "A file of the same size never moved before, after the warm runs (the sender hashes it; the JITs as"
                    + " warm as in the last run): %.1f MB/s, %.2fx the warm median; CPU %.2f s per GiB, both nodes.%n", freshFile,
                    freshFile / median(ourFile), freshCpu);
            System.out.printf(Locale.ROOT, "CPU seconds per GiB of the large file (utime+stime from /proc, each run): receiving node %s,"
                    + " sending node %s; medians %.2f + %.2f = %.2f.%n", format(receiverCpu), format(senderCpu), median(receiverCpu),
                    median(senderCpu), median(receiverCpu) + median(senderCpu));
            if (!peerCpu.isEmpty()) {
                List<Double> ours = new ArrayList<>();
                for (int run = 0; run < receiverCpu.size(); run++) {
                    ours.add(receiverCpu.get(run) + senderCpu.get(run));
                }
                double curl = median(peerCpu.get("nginx+curl"));
                System.out.printf(Locale.ROOT, "CPU seconds per GiB, both ends, in this run: ft's two nodes %s (median %.2f), nginx+curl %s"
                        + " (median %.2f), scp with its sshd %s (median %.2f); ft / nginx+curl %.2fx (the last run %.2fx).%n", format(ours),
                        median(ours), format(peerCpu.get("nginx+curl")), curl, format(peerCpu.get("scp+sshd")),
                        median(peerCpu.get("scp+sshd")), median(ours) / curl, ours.getLast() / curl);
            }
            System.out.printf("Peak RSS over the whole run: receiving node %d MiB, sending node %d MiB.%n", aliceRss / 1024, bobRss / 1024);
            System.out.println("Commands against the running receiving node, wall time as a person types them (./ft), median of "
                    + COMMAND_RUNS + ": " + String.join(", ", commandMillis.entrySet().stream()
                    .map(entry -> String.format(Locale.ROOT, "`ft %s` %.0f ms", entry.getKey(), entry.getValue())).toList()) + ".");
            double curlRate = median(fileBaseline.getOrDefault("curl", List.of()));
            System.out.printf(Locale.ROOT, "The large file through `ft get` as a person types it (./ft, the command's start and end included),"
                    + " runs %s MB/s: median %.1f MB/s%s.%n", format(typedGet), median(typedGet),
                    Double.isNaN(curlRate) ? "" : String.format(Locale.ROOT, ", %.2fx curl", median(typedGet) / curlRate));
            System.out.printf(Locale.ROOT, "ListFiles of the sender's drive (%d files) through the API while the large file moves a second time: "
                    + "p50 %.1f ms, p99 %.1f ms over %d requests.%n", files + 1, percentile(listMillis, 50), percentile(listMillis, 99), listMillis.size());
            System.out.println("ListFiles p99 per run: " + format(listP99) + " ms.");
            if (relayed != null) {
                System.out.println(relayed);
            }
            System.out.printf("ft runs per data set: file %s MB/s; %d files at once %s MB/s; folder %s MB/s (after a first pass over each).%n",
                    format(ourFile), PARALLEL_FILES, format(ourParallel), format(ourFolder));
        } finally {
            nodes.forEach(node -> node.process().destroy());
            Commands.deleteTree(work);
        }
    }

    /**
     * The large file again, to a node that knows the sender only through a relay (its peer entry has no address that
     * answers), then 8 such nodes at once, each fetching one of the 8 parts: 8 sessions through the relay.
     */
    private static String relayed(Path ft, Path work, Node bob, List<Node> nodes, int runs, Path big, Path parallel, double direct)
            throws Exception {
        Node relay = start(ft, work.resolve("relay"), "relay", "--relay");
        nodes.add(relay);
        ft(ft, bob.home(), "relay", "add", ft(ft, relay.home(), "id", "--ticket").strip());
        for (int i = 0; i < 100 && !call(bob, "GET", "/api/relays", null).body().contains("\"registered\":true"); i++) {
            Thread.sleep(100);
        }
        Matcher bobId = Pattern.compile("\"nodeId\":\"([a-z2-7]+)\"").matcher(call(bob, "GET", "/api/node", null).body());
        bobId.find();
        Matcher relayAddress = Pattern.compile("\"listen\":\\[\"([^\"]+)\"").matcher(Files.readString(relay.home().resolve("node.json")));
        relayAddress.find();
        String onlyByRelay = "[{\"name\":\"bob\",\"id\":\"" + bobId.group(1) + "\",\"addrs\":[\"127.0.0.1:1\"],\"relays\":[\""
                + relayAddress.group(1) + "\"]}]";
        Node carol = startKnowing(ft, work.resolve("carol"), "carol", onlyByRelay);
        nodes.add(carol);
        List<Double> rates = new ArrayList<>();
        List<Double> relayCpu = new ArrayList<>();
        List<Double> senderCpu = new ArrayList<>();
        List<Double> receiverCpu = new ArrayList<>();
        double gib = Files.size(big) / (double) (1L << 30);
        // The two direct nodes have moved nine sets by now; the relay and this receiver have not moved a byte. One
        // part through the relay first, unmeasured, so that the runs compare warm JITs with warm JITs.
        Path warmUp = work.resolve("relayed-warm-up");
        download(carol, List.of("parallel/part0.bin"), warmUp, 20);
        clear(warmUp);
        for (int run = 1; run <= runs; run++) {
            Path destination = work.resolve("relayed-" + run);
            double[] before = {cpuSeconds(relay), cpuSeconds(bob), cpuSeconds(carol)};
            double seconds = download(carol, List.of("big.bin"), destination, 20);
            rates.add(Files.size(big) / seconds / 1e6);
            relayCpu.add((cpuSeconds(relay) - before[0]) / gib);
            senderCpu.add((cpuSeconds(bob) - before[1]) / gib);
            receiverCpu.add((cpuSeconds(carol) - before[2]) / gib);
            clear(destination);
            System.err.printf(Locale.ROOT, "relayed run %d: %.0f MB/s, relay %.2f CPU s/GiB%n", run, rates.getLast(), relayCpu.getLast());
        }
        List<Node> receivers = new ArrayList<>();
        for (int i = 0; i < PARALLEL_FILES; i++) {
            receivers.add(startKnowing(ft, work.resolve("receiver" + i), "receiver" + i, onlyByRelay));
        }
        nodes.addAll(receivers);
        long start = System.nanoTime();
        List<Thread> downloads = new ArrayList<>();
        for (int i = 0; i < PARALLEL_FILES; i++) {
            Node receiver = receivers.get(i);
            String part = "parallel/part" + i + ".bin";
            downloads.add(Thread.ofVirtual().start(() -> {
                try {
                    download(receiver, List.of(part), receiver.home().resolve("received"), 50);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread download : downloads) {
            download.join();
        }
        double eightSeconds = (System.nanoTime() - start) / 1e9;
        long total = 0;
        try (var parts = Files.list(parallel)) {
            for (Path part : parts.toList()) {
                total += Files.size(part);
            }
        }
        return String.format(Locale.ROOT, "Relayed (a third node joins the two, end-to-end TLS through it; after one unmeasured part): the large file at median %.1f MB/s "
                        + "(runs %s), %.2fx the direct median %.1f; CPU seconds per GiB: relay %.2f, sending node %.2f, receiving node %.2f. "
                        + "8 nodes at once through the relay, one part each: %.0f MB/s in all; relay peak RSS over the whole run %d MiB.",
                median(rates), format(rates), median(rates) / direct, direct, median(relayCpu), median(senderCpu), median(receiverCpu),
                total / eightSeconds / 1e6, peakRssKib(relay.process().pid()) / 1024);
    }

    /** Starts a node whose address book is {@code peersJson}, written before it starts. */
    private static Node startKnowing(Path ft, Path home, String name, String peersJson) throws Exception {
        ft(ft, home, "init", "--name", name);
        Files.writeString(home.resolve("peers.json"), peersJson);
        // Not listening for announcements: the sender announces itself on loopback, and a node that heard it would
        // learn its address and go direct.
        return start(ft, home, name, "--no-discovery");
    }

    /** User and system CPU seconds of a node's process so far. */
    static double cpuSeconds(Node node) throws IOException {
        return ProcessCpu.of(node.process().pid());
    }

    private static void row(String label, List<Double> ours, Map<String, List<Double>> peers) {
        double ft = median(ours);
        double scp = median(peers.getOrDefault("scp", List.of()));
        double rsync = median(peers.getOrDefault("rsync", List.of()));
        double curl = median(peers.getOrDefault("curl", List.of()));
        System.out.printf(Locale.ROOT, "| %s | %.1f | %s | %s | %s | %s | %s | %s |%n", label, ft, value(scp), value(rsync), value(curl),
                ratio(ft, scp), ratio(ft, rsync), ratio(ft, curl));
    }

    /** Lists the peer's files again and again until interrupted, recording each round trip. */
    private static void measureListFiles(Node node, List<Double> millis) {
        while (!Thread.currentThread().isInterrupted()) {
            long start = System.nanoTime();
            try {
                if (call(node, "GET", "/api/peers/bob/files", null).statusCode() == 200) {
                    millis.add((System.nanoTime() - start) / 1e6);
                }
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static double percentile(List<Double> values, int percent) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percent / 100.0 * sorted.length) - 1)];
    }

    private static String value(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String ratio(double ours, double theirs) {
        return Double.isNaN(theirs) || theirs == 0 ? "-" : String.format(Locale.ROOT, "%.2fx", ours / theirs);
    }

    private static String format(List<Double> values) {
        return values.stream().map(value -> String.format(Locale.ROOT, "%.1f", value)).toList().toString();
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    /** Deletes what a download left, then writes back dirty pages (see {@link #settleDisk}). */
    private static void clear(Path downloaded) throws Exception {
        if (downloaded != null) {
            Commands.deleteTree(downloaded);
            settleDisk();
        }
    }

    /** Starts the downloads through the API and returns the seconds until every one is done. */
    static double download(Node node, List<String> names, Path to, long pollMillis) throws Exception {
        String body = "{\"peer\":\"bob\",\"names\":[" + String.join(",", names.stream().map(name -> "\"" + name + "\"").toList())
                + "],\"to\":\"" + to + "\"}";
        long start = System.nanoTime();
        HttpResponse<String> started = call(node, "POST", "/api/downloads", body);
        if (started.statusCode() != 202) {
            throw new IllegalStateException("downloads did not start: " + started.body());
        }
        List<String> ids = new ArrayList<>();
        Matcher id = ID.matcher(started.body());
        while (id.find()) {
            ids.add(id.group(1));
        }
        Map<String, String> states = new LinkedHashMap<>();
        long sequence = 0;
        Pattern entry = Pattern.compile("\"id\":\"([^\"]+)\"[^}]*?\"state\":\"(\\w+)\"");
        // As `ft get` does: the changes of these transfers only, not those of a folder's every file, the node answering
        // as soon as they all ended or after the poll's time.
        String only = ids.size() <= 200 ? "&ids=" + String.join(",", ids) + "&wait=" + pollMillis : "";
        while (true) {
            String changes = call(node, "GET", "/api/transfers/changes?since=" + sequence + only, null).body();
            Matcher next = Pattern.compile("\"sequence\":(\\d+)").matcher(changes);
            if (next.find()) {
                sequence = Long.parseLong(next.group(1));
            }
            Matcher status = entry.matcher(changes);
            while (status.find()) {
                states.put(status.group(1), status.group(2));
            }
            if (ids.stream().anyMatch(transfer -> "failed".equals(states.get(transfer)))) {
                throw new IllegalStateException("a transfer failed: " + changes.substring(0, Math.min(2000, changes.length())));
            }
            if (ids.stream().allMatch(transfer -> "done".equals(states.get(transfer)))) {
                return (System.nanoTime() - start) / 1e9;
            }
            if (only.isEmpty()) {
                Thread.sleep(pollMillis);
            }
        }
    }

    private static HttpResponse<String> call(Node node, String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + node.api() + path))
                .header("Authorization", "Bearer " + node.token())
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static Node start(Path ft, Path home, String name, String... flags) throws Exception {
        List<String> command = command(ft, "--home", home.toString(), "node", "--name", name, "--listen", "127.0.0.1:0", "--api", "127.0.0.1:0");
        command.addAll(Arrays.asList(flags));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(home.resolveSibling(name + ".log").toFile());
        // BENCH_NODE_JAVA_OPTS reaches the two nodes only (a profiler agent, say), not the ft commands around them.
        String nodeOptions = System.getenv("BENCH_NODE_JAVA_OPTS");
        if (nodeOptions != null) {
            builder.environment().put("FT_JAVA_OPTS", nodeOptions);
        }
        Process process = builder.start();
        Path running = home.resolve("node.json");
        for (int i = 0; i < 300 && !Files.exists(running) && process.isAlive(); i++) {
            Thread.sleep(100);
        }
        if (!Files.exists(running)) {
            throw new IllegalStateException("node " + name + " did not start: " + Files.readString(home.resolveSibling(name + ".log")));
        }
        Matcher api = Pattern.compile("\"api\":\"([^\"]+)\"").matcher(Files.readString(running));
        if (!api.find()) {
            throw new IllegalStateException("node " + name + " wrote no API address");
        }
        return new Node(process, home, api.group(1), Files.readString(home.resolve("api.token")).strip());
    }

    /**
     * CPU seconds per GiB of the large file by nginx+curl and by scp with its sshd, both ends counted, {@code runs}
     * copies each: the clients' from GNU time, the servers' from /proc (baseline.sh reports only rates).
     */
    private static Map<String, List<Double>> peerCpu(Path work, Path big, int runs) throws Exception {
        Map<String, List<Double>> perGib = new LinkedHashMap<>();
        double gib = Files.size(big) / (double) (1L << 30);
        Path to = work.resolve("peer-copy.bin");
        try (PeerServers servers = PeerServers.start(work.resolve("cpu-peers"), big.getParent(), "127.0.0.1", 2223, 8444, List.of())) {
            for (int run = 0; run < runs; run++) {
                double before = servers.nginxCpuSeconds();
                double client = cpuOf("curl", "-sSfk", "-o", to.toString(), "https://127.0.0.1:8444/" + big.getFileName());
                perGib.computeIfAbsent("nginx+curl", tool -> new ArrayList<>()).add((client + servers.nginxCpuSeconds() - before) / gib);
                Files.deleteIfExists(to);
                before = servers.sshdCpuSeconds();
                List<String> scp = new ArrayList<>(List.of("scp", "-q", "-P", "2223"));
                scp.addAll(servers.sshOptions());
                scp.addAll(List.of(System.getProperty("user.name") + "@127.0.0.1:" + big, to.toString()));
                client = cpuOf(scp.toArray(String[]::new));
                perGib.computeIfAbsent("scp+sshd", tool -> new ArrayList<>()).add((client + servers.sshdCpuSeconds() - before) / gib);
                Files.deleteIfExists(to);
            }
        }
        return perGib;
    }

    /** Runs a command to its end: the user and system CPU seconds it and its children spent, by GNU time. */
    private static double cpuOf(String... command) throws Exception {
        Path times = Files.createTempFile("ft-bench-time-", ".txt");
        try {
            List<String> line = new ArrayList<>(List.of("/usr/bin/time", "-f", "%U %S", "-o", times.toString()));
            line.addAll(List.of(command));
            Commands.run(line.toArray(String[]::new));
            String[] lines = Files.readString(times).strip().split("\n");
            String[] fields = lines[lines.length - 1].split(" ");
            return Double.parseDouble(fields[0]) + Double.parseDouble(fields[1]);
        } finally {
            Files.deleteIfExists(times);
        }
    }

    /** The wall time of the commands people type most, each run {@link #COMMAND_RUNS} times: median milliseconds. */
    private static Map<String, Double> commandLatencies(Path ft, Path home) throws Exception {
        Map<String, Double> medians = new LinkedHashMap<>();
        for (String command : List.of("ls bob", "peer ls", "transfers")) {
            List<Double> millis = new ArrayList<>();
            for (int run = 0; run < COMMAND_RUNS; run++) {
                long start = System.nanoTime();
                ft(ft, home, command.split(" "));
                millis.add((System.nanoTime() - start) / 1e6);
            }
            medians.put(command, median(millis));
        }
        return medians;
    }

    static String ft(Path ft, Path home, String... args) throws Exception {
        List<String> command = command(ft, "--home", home.toString());
        command.addAll(Arrays.asList(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("ft " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    private static List<String> command(Path ft, String... args) {
        List<String> command = new ArrayList<>(List.of(ft.toString()));
        command.addAll(Arrays.asList(args));
        return command;
    }

    /** Runs the peers' baseline and returns MB/s per tool, one value per run. */
    static Map<String, List<Double>> baseline(Path script, Path data, int runs) throws Exception {
        Process process = new ProcessBuilder("bash", script.toString(), data.toString(), String.valueOf(runs))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<String, List<Double>> results = new LinkedHashMap<>();
        for (String line : new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length == 2 && parts[1].matches("[0-9.]+")) {
                results.computeIfAbsent(parts[0], tool -> new ArrayList<>()).add(Double.parseDouble(parts[1]));
            }
        }
        process.waitFor();
        System.err.println("baseline for " + data.getFileName() + ": " + results);
        return results;
    }

    /** Copies {@code from} as a download lands on disk (fsync every 64 MiB and at the end); returns the seconds. */
    private static double durableCopy(Path from, Path to) throws IOException {
        long start = System.nanoTime();
        try (var in = java.nio.channels.FileChannel.open(from);
             var out = java.nio.channels.FileChannel.open(to, java.nio.file.StandardOpenOption.CREATE,
                     java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
            long size = in.size();
            for (long position = 0; position < size; ) {
                position += in.transferTo(position, Math.min(64L << 20, size - position), out);
                out.force(true);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Files.delete(to);
        return seconds;
    }

    /**
     * Writes back every dirty page before the next measurement: ft fsyncs what it receives, and an fsync on ext4 waits
     * for the writeback of data the bench has just made or deleted, which would land in whichever run comes first.
     */
    static void settleDisk() throws Exception {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
    }

    static long peakRssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private static void copyAsHardLinks(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.createLink(target, path);
                }
            }
        }
    }
}
