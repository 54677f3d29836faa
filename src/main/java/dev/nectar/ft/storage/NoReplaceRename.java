package dev.nectar.ft.storage;

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
import java.nio.charset.Charset;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Linux's {@code renameat2(2)} with {@code RENAME_NOREPLACE} through the foreign function API: a file moved to a name
 * only if nothing has that name, in one call. The JDK's move replaces an existing file or, without
 * {@code REPLACE_EXISTING}, checks first and leaves a window; a hard link and an unlink close the window in two
 * directory changes, which took a sixth of a small-file download's CPU. Absent (another system, an old C library),
 * {@link #BOUND} is empty; a file system that cannot do it (some network mounts) is told by {@link #move}.
 */
final class NoReplaceRename {
    private static final int AT_FDCWD = -100;
    private static final int RENAME_NOREPLACE = 1;
    private static final int EEXIST = 17;
    private static final int EINVAL = 22;
    private static final int ENOSYS = 38;
    private static final int EOPNOTSUPP = 95;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /** The bound call, where the C library has {@code renameat2}. */
    static final Optional<NoReplaceRename> BOUND = bind();

    private final MethodHandle renameat2;
    private final MethodHandle strerror;
    /** How the JDK turns a path into the bytes the kernel sees; the same bytes must go to this call. */
    private final Charset pathBytes;

    private NoReplaceRename(MethodHandle renameat2, MethodHandle strerror, Charset pathBytes) {
        this.renameat2 = renameat2;
        this.strerror = strerror;
        this.pathBytes = pathBytes;
    }

    private static Optional<NoReplaceRename> bind() {
        SymbolLookup libc = LINKER.defaultLookup();
        Optional<MemorySegment> renameat2 = libc.find("renameat2");
        String encoding = System.getProperty("sun.jnu.encoding");
        if (renameat2.isEmpty() || encoding == null || !Charset.isSupported(encoding)) {
            return Optional.empty();
        }
        FunctionDescriptor signature = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT);
        return Optional.of(new NoReplaceRename(
                LINKER.downcallHandle(renameat2.get(), signature, Linker.Option.captureCallState("errno")),
                LINKER.downcallHandle(libc.find("strerror").orElseThrow(), FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT)),
                Charset.forName(encoding)));
    }

    /**
     * Moves {@code from} to {@code to} if nothing is named {@code to} (not even a dangling link); false, changing
     * nothing, if this file system cannot rename that way.
     *
     * @throws FileAlreadyExistsException if something is named {@code to}
     */
    boolean move(Path from, Path to) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int result = (int) renameat2.invokeExact(state, AT_FDCWD, cString(arena, from), AT_FDCWD, cString(arena, to), RENAME_NOREPLACE);
            if (result == 0) {
                return true;
            }
            int errno = (int) ERRNO.get(state, 0L);
            return switch (errno) {
                case EEXIST -> throw new FileAlreadyExistsException(to.toString());
                case EINVAL, ENOSYS, EOPNOTSUPP -> false;
                default -> throw new IOException("cannot move " + from + " to " + to + ": " + error(errno));
            };
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("cannot move " + from + " to " + to, e);
        }
    }

    private MemorySegment cString(Arena arena, Path path) {
        byte[] bytes = path.toString().getBytes(pathBytes);
        MemorySegment text = arena.allocate(bytes.length + 1L);
        MemorySegment.copy(bytes, 0, text, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return text;
    }

    private String error(int errno) throws Throwable {
        MemorySegment text = (MemorySegment) strerror.invokeExact(errno);
        return text.reinterpret(Long.MAX_VALUE).getString(0);
    }
}
