package dev.nectar.ft.home;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The C library's calls that the JDK does not offer ({@code syncfs}, {@code renameat2}), through the foreign function
 * API: a function bound with the {@code errno} it sets captured into a call state passed first, and an {@code errno}
 * told in words.
 */
public final class CLibrary {
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    /** How the JDK turns a path into the bytes the kernel sees (the platform's encoding, not always UTF-8). */
    private static final Charset PATH_BYTES = pathBytes();
    private static final Optional<MethodHandle> STRERROR =
            function("strerror", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    private CLibrary() {}

    /** The function {@code name}, if the C library has it and this JVM may call it. */
    public static Optional<MethodHandle> function(String name, FunctionDescriptor signature) {
        return bound(name, signature);
    }

    /**
     * The function {@code name}, if the C library has it and this JVM may call it, taking a {@link #callState} first in
     * which it leaves its errno.
     */
    public static Optional<MethodHandle> functionSettingErrno(String name, FunctionDescriptor signature) {
        return bound(name, signature, Linker.Option.captureCallState("errno"));
    }

    private static Optional<MethodHandle> bound(String name, FunctionDescriptor signature, Linker.Option... options) {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find(name).map(address -> linker.downcallHandle(address, signature, options));
        } catch (UnsupportedOperationException | IllegalCallerException e) {
            // No native linker here, or native access denied (--illegal-native-access=deny): the callers' JDK ways remain.
            return Optional.empty();
        }
    }

    /** {@code path} as the NUL-terminated bytes the JDK itself would hand the kernel for it. */
    public static MemorySegment path(Arena arena, Path path) {
        byte[] bytes = path.toString().getBytes(PATH_BYTES);
        MemorySegment text = arena.allocate(bytes.length + 1L);
        MemorySegment.copy(bytes, 0, text, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return text;
    }

    private static Charset pathBytes() {
        String encoding = System.getProperty("sun.jnu.encoding");
        return encoding != null && Charset.isSupported(encoding) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
    }

    /** Room for the errno of one call of a {@link #functionSettingErrno}. */
    public static MemorySegment callState(Arena arena) {
        return arena.allocate(CALL_STATE);
    }

    /** The errno that the call which was given {@code state} left. */
    public static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** What {@code errno} means, as {@code strerror(3)} says it ("No such file or directory"). */
    public static String describe(int errno) {
        try {
            if (STRERROR.isPresent()) {
                MemorySegment text = (MemorySegment) STRERROR.get().invokeExact(errno);
                return text.reinterpret(Long.MAX_VALUE).getString(0);
            }
        } catch (Throwable e) {
            // Said by number below.
        }
        return "errno " + errno;
    }
}
