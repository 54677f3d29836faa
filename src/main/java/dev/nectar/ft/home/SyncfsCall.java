package dev.nectar.ft.home;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Linux's {@code syncfs(2)} through the foreign function API: everything written to one file system made durable
 * in one call, where the JDK offers only an fsync per open file. Absent (as on macOS), {@link #BOUND} is empty.
 */
final class SyncfsCall {
    private static final int O_RDONLY = 0;
    private static final FunctionDescriptor INT_OF_INT = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);

    /** The bound calls, where the C library has {@code syncfs}. */
    static final Optional<SyncfsCall> BOUND = bind();

    private final MethodHandle open;
    private final MethodHandle syncfs;
    private final MethodHandle close;

    private SyncfsCall(MethodHandle open, MethodHandle syncfs, MethodHandle close) {
        this.open = open;
        this.syncfs = syncfs;
        this.close = close;
    }

    private static Optional<SyncfsCall> bind() {
        return CLibrary.functionSettingErrno("syncfs", INT_OF_INT).map(syncfs -> new SyncfsCall(
                CLibrary.functionSettingErrno("open", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT))
                        .orElseThrow(),
                syncfs,
                CLibrary.function("close", INT_OF_INT).orElseThrow()));
    }

    /** Syncs the file system that holds {@code onIt}, a file or folder that exists. Blocks its thread in the kernel. */
    void sync(Path onIt) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = CLibrary.callState(arena);
            int fd = (int) open.invokeExact(state, CLibrary.path(arena, onIt), O_RDONLY);
            if (fd < 0) {
                throw new IOException("cannot open " + onIt + " to sync its file system: " + CLibrary.describe(CLibrary.errno(state)));
            }
            try {
                if ((int) syncfs.invokeExact(state, fd) != 0) {
                    throw new IOException("cannot sync the file system of " + onIt + ": " + CLibrary.describe(CLibrary.errno(state)));
                }
            } finally {
                int ignored = (int) close.invokeExact(fd);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("cannot sync the file system of " + onIt, e);
        }
    }
}
