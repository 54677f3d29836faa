// The disk's floor for small files, with and without syncfs: writes N files of 4 KiB as .part files by groups, makes
// them durable (an fsync of each on 64 threads, or one syncfs), renames them, makes the names durable (an fsync of the
// folder, or syncfs again), and prints files per second. Not a test; docs/benchmarks.md has its figures.
//   java --enable-native-access=ALL-UNNAMED bench/SyncBench.java fsync|syncfs N GROUP DIR
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

public class SyncBench {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle OPEN = call("open", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle SYNCFS = call("syncfs", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = call("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private static MethodHandle call(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor);
    }

    private static void syncfs(Path onIt) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(arena.allocateFrom(onIt.toString()), 0);
            int result = (int) SYNCFS.invokeExact(fd);
            int closed = (int) CLOSE.invokeExact(fd);
            if (fd < 0 || result != 0 || closed != 0) {
                throw new IllegalStateException("syncfs of " + onIt + " failed");
            }
        }
    }

    public static void main(String[] args) throws Throwable {
        boolean wholeFileSystem = args[0].equals("syncfs");
        int files = Integer.parseInt(args[1]);
        int group = Integer.parseInt(args[2]);
        Path directory = Files.createDirectories(Path.of(args[3]));
        byte[] content = new byte[4096];
        new Random(1).nextBytes(content);
        ExecutorService syncs = Executors.newFixedThreadPool(64);
        long start = System.nanoTime();
        for (int first = 0; first < files; first += group) {
            List<Future<?>> synced = new ArrayList<>();
            List<Path> partials = new ArrayList<>();
            for (int file = first; file < Math.min(files, first + group); file++) {
                Path partial = directory.resolve("f" + file + ".part");
                partials.add(partial);
                FileChannel channel = FileChannel.open(partial, CREATE, TRUNCATE_EXISTING, WRITE);
                channel.write(ByteBuffer.wrap(content));
                if (wholeFileSystem) {
                    channel.close();
                } else {
                    synced.add(syncs.submit(() -> {
                        try (channel) {
                            channel.force(true);
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> sync : synced) {
                sync.get();
            }
            if (wholeFileSystem) {
                syncfs(directory);
            }
            for (Path partial : partials) {
                Files.move(partial, directory.resolve(partial.getFileName().toString().replace(".part", "")), StandardCopyOption.ATOMIC_MOVE);
            }
            if (wholeFileSystem) {
                syncfs(directory);
            } else {
                try (FileChannel folder = FileChannel.open(directory, READ)) {
                    folder.force(true);
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s, %d files in groups of %d: %.0f ms, %.0f files/s%n", args[0], files, group, seconds * 1000, files / seconds);
        syncs.shutdown();
    }
}
