import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Large drives: for drives of each size (files of 4 KiB in folders of 1,000), two fresh ft nodes on loopback, the
 * time to list the whole drive (`ft ls` as a person types it, the first time with the sender's walk, then again),
 * one folder alone, the API's stream, a download of the whole drive, and the peak RSS of both nodes; up to 100,000
 * files, rsync and scp of the same tree in the same run (../shared/bench/baseline.sh).
 * Prints a Markdown table. Run it with bench/drives.sh [FILES ...].
 */
public final class Drives {
    private static final int PER_FOLDER = 1000;
    private static final int FILE_BYTES = 4096;
    /** scp of a million files would take a quarter of an hour: the peers run on drives up to this size. */
    private static final int MOST_FOR_PEERS = 100_000;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        Path ft = Path.of(args[0]).toAbsolutePath();
        Path baseline = Path.of(args[1]).toAbsolutePath();
        List<String> rows = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            rows.add(measure(ft, baseline, Integer.parseInt(args[i])));
        }
        System.out.println();
        System.out.println("| files | `ft ls` first (walk) | `ft ls` again | API stream (NDJSON) | `ft ls --folder` (1,000) | "
                + "top folder, one level | peak RSS sender / receiver | download of all, files/s | rsync files/s | scp files/s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static String measure(Path ft, Path baseline, int files) throws Exception {
        Path work = Commands.workFolder("ft-drives-");
        List<Bench.Node> nodes = new ArrayList<>();
        try {
            Bench.Node alice = Bench.start(ft, work.resolve("alice"), "alice");
            Bench.Node bob = Bench.start(ft, work.resolve("bob"), "bob");
            nodes.add(alice);
            nodes.add(bob);
            Path tree = bob.home().resolve("files").resolve("tree");
            long made = System.nanoTime();
            makeTree(tree, files);
            Bench.settleDisk();
            System.err.printf(Locale.ROOT, "%,d files made in %.1f s%n", files, (System.nanoTime() - made) / 1e9);
            Bench.ft(ft, alice.home(), "peer", "add", Bench.ft(ft, bob.home(), "id", "--ticket").strip());

            double first = timed(() -> lines(Bench.ft(ft, alice.home(), "ls", "bob", "--timeout", "600"), files + 1));
            double again = timed(() -> lines(Bench.ft(ft, alice.home(), "ls", "bob", "--timeout", "600"), files + 1));
            double stream = timed(() -> streamed(alice, files));
            double folder = timed(() -> lines(Bench.ft(ft, alice.home(), "ls", "bob", "--folder", "tree/d0000"), Math.min(files, PER_FOLDER) + 1));
            double top = timed(() -> lines(Bench.ft(ft, alice.home(), "ls", "bob", "--folder", "tree"), (files + PER_FOLDER - 1) / PER_FOLDER + 1));
            String download = "";
            String rsync = "";
            String scp = "";
            double seconds = Bench.download(alice, List.of("tree/"), work.resolve("received"), 200);
            download = String.format(Locale.ROOT, "%,.0f", files / seconds);
            Commands.deleteTree(work.resolve("received"));
            Bench.settleDisk();
            if (files <= MOST_FOR_PEERS) {
                Map<String, List<Double>> peers = Bench.baseline(baseline, tree, 1);
                double megabytes = (double) files * FILE_BYTES / 1e6;
                rsync = filesPerSecond(peers.get("rsync"), megabytes, files);
                scp = filesPerSecond(peers.get("scp"), megabytes, files);
            }
            return String.format(Locale.ROOT, "| %,d | %.2f s | %.2f s | %.2f s | %.0f ms | %.0f ms | %d / %d MiB | %s | %s | %s |", files, first, again,
                    stream, folder * 1000, top * 1000, Bench.peakRssKib(bob.process().pid()) / 1024, Bench.peakRssKib(alice.process().pid()) / 1024,
                    download, rsync, scp);
        } finally {
            nodes.forEach(node -> node.process().destroy());
            for (Bench.Node node : nodes) {
                node.process().waitFor();
            }
            Commands.deleteTree(work);
        }
    }

    /** Files of 4 KiB, each different, in folders of {@link #PER_FOLDER}. */
    private static void makeTree(Path tree, int files) throws Exception {
        byte[] bytes = new byte[FILE_BYTES];
        new Random(1).nextBytes(bytes);
        for (int i = 0; i < files; i++) {
            Path folder = tree.resolve(String.format("d%04d", i / PER_FOLDER));
            if (i % PER_FOLDER == 0) {
                Files.createDirectories(folder);
            }
            bytes[0] = (byte) i;
            bytes[1] = (byte) (i >> 8);
            bytes[2] = (byte) (i >> 16);
            Files.write(folder.resolve(String.format("f%07d", i)), bytes);
        }
    }

    private static String filesPerSecond(List<Double> megabytesPerSecond, double megabytes, int files) {
        return megabytesPerSecond == null || megabytesPerSecond.isEmpty() ? "" : String.format(Locale.ROOT, "%,.0f", files / (megabytes / megabytesPerSecond.getFirst()));
    }

    /** The whole drive through the API as NDJSON, read line by line as it arrives. */
    private static void streamed(Bench.Node node, int files) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + node.api() + "/api/peers/bob/files?format=ndjson&timeoutMillis=600000"))
                .header("Authorization", "Bearer " + node.token()).build();
        long count;
        try (var lines = HTTP.send(request, HttpResponse.BodyHandlers.ofLines()).body()) {
            count = lines.count();
        }
        if (count != files) {
            throw new IllegalStateException("the API streamed " + count + " entries of " + files);
        }
    }

    private static void lines(String out, int expected) {
        long count = out.lines().count();
        if (count != expected) {
            throw new IllegalStateException("expected " + expected + " lines, got " + count + ": " + out.lines().limit(3).toList());
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static double timed(Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        return (System.nanoTime() - start) / 1e9;
    }
}
