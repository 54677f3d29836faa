package dev.nectar.ft.storage;

import dev.nectar.ft.home.CLibrary;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/**
 * Sets a file's modification time with one Linux {@code utimensat(2)} through the foreign function API. The JDK's
 * {@link Files#setLastModifiedTime} opens the file, reads its times to keep the access time, sets both and closes it:
 * four calls, a twentieth of the receiving worker's CPU in a download of small files. Elsewhere (another system, an
 * old C library), the JDK's way.
 */
final class ModifiedTime {
    private static final int AT_FDCWD = -100;
    /** Linux's {@code UTIME_OMIT}: this time stays as it is. */
    private static final long UTIME_OMIT = (1L << 30) - 2;
    /** {@code utimensat}, where it is Linux's and a {@code struct timespec} is two longs. */
    private static final Optional<MethodHandle> UTIMENSAT = System.getProperty("os.name", "").startsWith("Linux")
            && ValueLayout.ADDRESS.byteSize() == Long.BYTES
            ? CLibrary.functionSettingErrno("utimensat", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT))
            : Optional.empty();

    private ModifiedTime() {}

    /** Gives {@code file} (followed if a link) the modification time {@code millis}; its access time stays. */
    static void set(Path file, long millis) throws IOException {
        if (UTIMENSAT.isEmpty()) {
            Files.setLastModifiedTime(file, FileTime.fromMillis(millis));
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment times = arena.allocate(ValueLayout.JAVA_LONG, 4);
            times.setAtIndex(ValueLayout.JAVA_LONG, 0, 0);
            times.setAtIndex(ValueLayout.JAVA_LONG, 1, UTIME_OMIT);
            times.setAtIndex(ValueLayout.JAVA_LONG, 2, Math.floorDiv(millis, 1000));
            times.setAtIndex(ValueLayout.JAVA_LONG, 3, Math.floorMod(millis, 1000) * 1_000_000L);
            MemorySegment state = CLibrary.callState(arena);
            int result = (int) UTIMENSAT.get().invokeExact(state, AT_FDCWD, CLibrary.path(arena, file), times, 0);
            if (result != 0) {
                throw new IOException("cannot set the time of " + file + ": " + CLibrary.describe(CLibrary.errno(state)));
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("cannot set the time of " + file, e);
        }
    }
}
