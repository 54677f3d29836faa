import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU seconds a running process spent so far, from /proc/PID/stat: what the benchmarks measure nodes and peers by. */
final class ProcessCpu {
    private ProcessCpu() {}

    /** utime + stime of the process. */
    static double of(long pid) throws IOException {
        return seconds(pid, false);
    }

    /** utime + stime of the process, with those of the children it waited for (cutime + cstime). */
    static double withReapedChildren(long pid) throws IOException {
        return seconds(pid, true);
    }

    private static double seconds(long pid, boolean withChildren) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        // After the command name, which may hold spaces: state is field 3 of stat; utime, stime, cutime and cstime
        // are 14-17, so 11-14 here. In clock ticks of 1/100 s.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        if (withChildren) {
            ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
        }
        return ticks / 100.0;
    }
}
