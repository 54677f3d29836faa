package dev.nectar.ft.bench;

import dev.nectar.ft.wire.FileManifest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.security.MessageDigest;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Verifying a chunk: SHA-256 of a chunk as the receiver holds it (a direct buffer, straight from the link) and,
 * for comparison, of a heap array. Reported as time per chunk; divide the size by it for bytes per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChunkHashBenchmark {
    @Param({"4096", "1048576"})
    public int size;

    private byte[] heap;
    private ByteBuf direct;

    @Setup
    public void setUp() {
        heap = new byte[size];
        ThreadLocalRandom.current().nextBytes(heap);
        direct = PooledByteBufAllocator.DEFAULT.directBuffer(size).writeBytes(heap);
    }

    @TearDown
    public void tearDown() {
        direct.release();
    }

    @Benchmark
    public String hashDirectBuffer() {
        MessageDigest digest = FileManifest.sha256();
        digest.update(direct.nioBuffer());
        return FileManifest.hex(digest.digest());
    }

    @Benchmark
    public String hashHeapArray() {
        return FileManifest.hex(FileManifest.sha256().digest(heap));
    }
}
