import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The small-files path alone, for working on it: two real ft nodes on loopback, one folder of FILES files of 4 KiB
 * downloaded RUNS times through the API, each run's wall time and both nodes' CPU seconds (utime+stime from /proc),
 * and the medians of the second half of the runs, when the JITs have seen some tens of thousands of files. With
 * ../shared/bench/baseline.sh beside the project, scp and rsync then copy the same folder RUNS/2 times (at least 3)
 * and the warm median is set beside theirs. A profiler goes in through BENCH_NODE_JAVA_OPTS, as for bench/run.sh.
 * Not a test: it asserts nothing.
 */
public class FolderRuns {
    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        int files = Integer.parseInt(args[1]);
        Path ft = Path.of(args[2]).toAbsolutePath();
        Path baseline = ft.resolveSibling("../shared/bench/baseline.sh").normalize();
        Path work = Commands.workFolder("ft-folder-");
        Path small = work.resolve("bob/files/small");
        for (int i = 0; i < files; i++) {
            Commands.randomFile(small.resolve(String.format("f%05d", i)), 4096, i + 2);
        }
        Bench.ft(ft, work.resolve("alice"), "--version");
        Bench.Node alice = Bench.start(ft, work.resolve("alice"), "alice");
        Bench.Node bob = Bench.start(ft, work.resolve("bob"), "bob");
        List<double[]> measured = new ArrayList<>();
        try {
            Bench.ft(ft, alice.home(), "peer", "add", Bench.ft(ft, bob.home(), "id", "--ticket").strip());
            Bench.settleDisk();
            for (int run = 0; run < runs; run++) {
                Path to = work.resolve("received-" + run);
                double[] before = {Bench.cpuSeconds(alice), Bench.cpuSeconds(bob)};
                double seconds = Bench.download(alice, List.of("small/"), to, 50);
                double[] figures = {seconds, Bench.cpuSeconds(alice) - before[0], Bench.cpuSeconds(bob) - before[1]};
                System.out.printf("run %d: %.2f s, %.0f files/s, CPU s receiving %.2f, sending %.2f%n", run, seconds, files / seconds, figures[1], figures[2]);
                if (run >= runs / 2) {
                    measured.add(figures);
                }
                Commands.deleteTree(to);
                Bench.settleDisk();
            }
            double wall = median(measured, 0);
            System.out.printf("runs %d-%d, medians: %.2f s, %.0f files/s; CPU s per 1,000 files receiving %.3f, sending %.3f%n",
                    runs / 2, runs - 1, wall, files / wall, median(measured, 1) * 1000 / files, median(measured, 2) * 1000 / files);
            // The nodes stay up, idle, as in bench/run.sh. BENCH_PEERS=none skips the peers, as there.
            if (Files.exists(baseline) && !"none".equals(System.getenv("BENCH_PEERS"))) {
                Map<String, List<Double>> peers = Bench.baseline(baseline, small, Math.max(3, runs / 2));
                double ours = files * 4096.0 / wall / 1e6;
                for (Map.Entry<String, List<Double>> peer : peers.entrySet()) {
                    double theirs = Bench.median(peer.getValue());
                    System.out.printf("%s in the same run: %.1f MB/s (median of %d); ft's warm median %.1f MB/s, %.2fx%n",
                            peer.getKey(), theirs, peer.getValue().size(), ours, ours / theirs);
                }
            }
        } finally {
            for (Bench.Node node : List.of(alice, bob)) {
                node.process().destroy();
                node.process().waitFor();
            }
            Commands.deleteTree(work);
        }
    }

    private static double median(List<double[]> runs, int column) {
        return Bench.median(runs.stream().map(run -> run[column]).toList());
    }
}
