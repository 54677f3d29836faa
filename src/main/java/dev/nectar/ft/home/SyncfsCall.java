package dev.nectar.ft.home;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Linux's {@code syncfs(2)} through the foreign function API: everything written to one file system made durable
 * in one call, where the JDK offers only an fsync per open file. Absent (as on macOS), {@link #BOUND} is empty.
 */
final class SyncfsCall {
    private static final int O_RDONLY = 0;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /** The bound calls, where the C library has {@code syncfs}. */
    static final Optional<SyncfsCall> BOUND = bind();

    private final MethodHandle open;
    private final MethodHandle syncfs;
    private final MethodHandle close;
    private final MethodHandle strerror;

    private SyncfsCall(MethodHandle open, MethodHandle syncfs, MethodHandle close, MethodHandle strerror) {
        this.open = open;
        this.syncfs = syncfs;
        this.close = close;
        this.strerror = strerror;
    }

    private static Optional<SyncfsCall> bind() {
        SymbolLookup libc = LINKER.defaultLookup();
        if (libc.find("syncfs").isEmpty()) {
            return Optional.empty();
        }
        Linker.Option errno = Linker.Option.captureCallState("errno");
        FunctionDescriptor intOfInt = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);
        return Optional.of(new SyncfsCall(
                LINKER.downcallHandle(libc.find("open").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), errno),
                LINKER.downcallHandle(libc.find("syncfs").orElseThrow(), intOfInt, errno),
                LINKER.downcallHandle(libc.find("close").orElseThrow(), intOfInt),
                LINKER.downcallHandle(libc.find("strerror").orElseThrow(), FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT))));
    }

    /** Syncs the file system that holds {@code onIt}, a file or folder that exists. Blocks its thread in the kernel. */
    void sync(Path onIt) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int fd = (int) open.invokeExact(state, arena.allocateFrom(onIt.toString()), O_RDONLY);
            if (fd < 0) {
                throw new IOException("cannot open " + onIt + " to sync its file system: " + error(state));
            }
            try {
                if ((int) syncfs.invokeExact(state, fd) != 0) {
                    throw new IOException("cannot sync the file system of " + onIt + ": " + error(state));
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

    private String error(MemorySegment state) throws Throwable {
        int errno = (int) ERRNO.get(state, 0L);
        MemorySegment text = (MemorySegment) strerror.invokeExact(errno);
        return text.reinterpret(Long.MAX_VALUE).getString(0);
    }
}
