import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A file's first download against its second, with warm JITs: two real ft nodes on loopback; the large file is moved
 * four times to warm both nodes up, then each round makes a file of the same size that no node has seen, downloads
 * it (the sender hashes it first: its manifest goes out before any chunk) and downloads it again (the manifest from
 * the hash index). Each download lands just after the previous one was deleted, so both write into pages just freed
 * (BENCH_MEMORY=untouched: the first download lands in memory not touched for a while, which on this VM cost the
 * receiving node twice the CPU when its writes went through the page cache).
 * A profiler goes in through BENCH_NODE_JAVA_OPTS, as for bench/run.sh. Not a test: it asserts nothing.
 */
public class FirstRuns {
    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        long mib = Long.parseLong(args[1]);
        Path ft = Path.of(args[2]).toAbsolutePath();
        // BENCH_MEMORY=untouched: the first download lands in memory left untouched for a while, as the pages just
        // freed go to a file of the same size written before it.
        boolean untouched = "untouched".equals(System.getenv("BENCH_MEMORY"));
        Path work = Commands.workFolder("ft-first-");
        Path shared = work.resolve("bob/files");
        Commands.randomFile(shared.resolve("warm.bin"), mib << 20, 1);
        Bench.ft(ft, work.resolve("alice"), "--version");
        Bench.Node alice = Bench.start(ft, work.resolve("alice"), "alice");
        Bench.Node bob = Bench.start(ft, work.resolve("bob"), "bob");
        List<Double> ratios = new ArrayList<>();
        List<double[]> cpu = new ArrayList<>();
        try {
            Bench.ft(ft, alice.home(), "peer", "add", Bench.ft(ft, bob.home(), "id", "--ticket").strip());
            Path to = work.resolve("received");
            for (int warmUp = 0; warmUp < 4; warmUp++) {
                downloadAfterDeleting(alice, "warm.bin", to, bob);
            }
            for (int round = 0; round < rounds; round++) {
                String name = "new-" + round + ".bin";
                Commands.randomFile(shared.resolve(name), mib << 20, 10 + round);
                Path ballast = null;
                if (untouched) {
                    Commands.deleteTree(to);
                    ballast = Commands.randomFile(work.resolve("ballast.bin"), mib << 20, 99);
                }
                double[] first = downloadAfterDeleting(alice, name, to, bob);
                if (ballast != null) {
                    Commands.deleteTree(ballast);
                }
                double[] second = downloadAfterDeleting(alice, name, to, bob);
                double firstRate = (mib << 20) / first[0] / 1e6;
                double secondRate = (mib << 20) / second[0] / 1e6;
                ratios.add(firstRate / secondRate);
                cpu.add(new double[] {first[1] + first[2], second[1] + second[2]});
                System.out.printf("round %d: first %.1f MB/s (CPU s receiving %.2f, sending %.2f), second %.1f MB/s (%.2f, %.2f): %.2fx%n",
                        round, firstRate, first[1], first[2], secondRate, second[1], second[2], ratios.getLast());
            }
        } finally {
            for (Bench.Node node : List.of(alice, bob)) {
                node.process().destroy();
                node.process().waitFor();
            }
            Commands.deleteTree(work);
        }
        System.out.printf("first download / second, median of %d rounds: %.2fx; CPU s of both nodes, medians: first %.2f, second %.2f%n",
                rounds, Bench.median(ratios), Bench.median(cpu.stream().map(round -> round[0]).toList()),
                Bench.median(cpu.stream().map(round -> round[1]).toList()));
    }

    /** Seconds of the download, then the CPU seconds of {@code node} and {@code sender} over it. */
    private static double[] downloadAfterDeleting(Bench.Node node, String name, Path to, Bench.Node sender) throws Exception {
        Commands.deleteTree(to);
        Bench.settleDisk();
        double[] before = {Bench.cpuSeconds(node), Bench.cpuSeconds(sender)};
        double seconds = Bench.download(node, List.of(name), to, 20);
        return new double[] {seconds, Bench.cpuSeconds(node) - before[0], Bench.cpuSeconds(sender) - before[1]};
    }
}
