package dev.nectar.ft.storage;

import dev.nectar.ft.home.CLibrary;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Linux's {@code renameat2(2)} with {@code RENAME_NOREPLACE} through the foreign function API: a file moved to a name
 * only if nothing has that name, in one call. The JDK's move replaces an existing file or, without
 * {@code REPLACE_EXISTING}, checks first and leaves a window; a hard link and an unlink close the window in two
 * directory changes, which took an eighth of the receiving node's CPU in a small-file download. Absent (another system, an old C library),
 * {@link #BOUND} is empty; a file system that cannot do it (some network mounts) is told by {@link #move}.
 */
final class NoReplaceRename {
    private static final int AT_FDCWD = -100;
    private static final int RENAME_NOREPLACE = 1;
    private static final int EEXIST = 17;
    private static final int EINVAL = 22;
    private static final int ENOSYS = 38;
    private static final int EOPNOTSUPP = 95;

    /** The bound call, where the C library has {@code renameat2}. */
    static final Optional<NoReplaceRename> BOUND = bind();

    private final MethodHandle renameat2;

    private NoReplaceRename(MethodHandle renameat2) {
        this.renameat2 = renameat2;
    }

    private static Optional<NoReplaceRename> bind() {
        FunctionDescriptor signature = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT);
        return CLibrary.functionSettingErrno("renameat2", signature).map(NoReplaceRename::new);
    }

    /**
     * Moves {@code from} to {@code to} if nothing is named {@code to} (not even a dangling link); false, changing
     * nothing, if this file system cannot rename that way.
     *
     * @throws FileAlreadyExistsException if something is named {@code to}
     */
    boolean move(Path from, Path to) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = CLibrary.callState(arena);
            int result = (int) renameat2.invokeExact(state, AT_FDCWD, CLibrary.path(arena, from), AT_FDCWD, CLibrary.path(arena, to),
                    RENAME_NOREPLACE);
            if (result == 0) {
                return true;
            }
            int errno = CLibrary.errno(state);
            return switch (errno) {
                case EEXIST -> throw new FileAlreadyExistsException(to.toString());
                case EINVAL, ENOSYS, EOPNOTSUPP -> false;
                default -> throw new IOException("cannot move " + from + " to " + to + ": " + CLibrary.describe(errno));
            };
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("cannot move " + from + " to " + to, e);
        }
    }
}
