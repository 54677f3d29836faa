package dev.nectar.ft.bench;

import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.ChunkRange;
import dev.nectar.ft.wire.Envelope;
import dev.nectar.ft.wire.FrameCodec;
import dev.nectar.ft.wire.FrameLimits;
import dev.nectar.ft.wire.MalformedFrameException;
import dev.nectar.ft.wire.MalformedMessageException;
import dev.nectar.ft.wire.WireFrame;
import dev.nectar.ft.wire.WorkerMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The codec on the hot path of a transfer: a chunk frame's head (its 1 MiB blob follows without a copy), the
 * decoding of a chunk frame (the blob stays a slice of the frame), and the JSON of the small control messages
 * that go with every chunk. Run with bench/jmh.sh.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameCodecBenchmark {
    private static final Address SENDER = new Address("d2ngwbz76mcmzqgnjx2f7nanvkpn7vmol6lvpjftbhtm2vw5hssq", "worker-0123456789ab");
    private static final Address RECEIVER = new Address("44j7pa6bqxkzt6c5ptm2vdfq3ldl6gmrmyi6h4z3ulh4anb2rwaq", "worker-ba9876543210");

    private final FrameCodec codec = new FrameCodec(new FrameLimits(8 << 20, 16 << 20));
    private ByteBuf chunk;
    private ByteBuf chunkFrame;
    private ByteBuf head;
    private byte[] needBody;

    @Setup
    public void setUp() {
        byte[] bytes = new byte[1 << 20];
        ThreadLocalRandom.current().nextBytes(bytes);
        chunk = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
        chunkFrame = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length + 256);
        codec.encode(chunkMessage(), chunkFrame);
        head = PooledByteBufAllocator.DEFAULT.directBuffer(256);
        needBody = new WorkerMessage.Need(List.of(new ChunkRange(40, 48))).encode();
    }

    @TearDown
    public void tearDown() {
        chunk.release();
        chunkFrame.release();
        head.release();
    }

    private WireFrame.Message chunkMessage() {
        return new WireFrame.Message(new Envelope(42, Envelope.Kind.REQUEST, SENDER, RECEIVER, 0),
                new WorkerMessage.Chunk("music/album/track 01.flac", 41L << 20, chunk.readableBytes()).encode(), chunk);
    }

    @Benchmark
    public int encodeChunkHead() {
        head.clear();
        codec.encodeHead(chunkMessage(), head);
        return head.readableBytes();
    }

    @Benchmark
    public int decodeChunkFrame() throws MalformedFrameException {
        WireFrame.Message message = (WireFrame.Message) codec.decode(chunkFrame.duplicate());
        int length = message.blobLength();
        message.release();
        return length;
    }

    @Benchmark
    public Object encodeNeed() {
        return new WorkerMessage.Need(List.of(new ChunkRange(40, 48))).encode();
    }

    @Benchmark
    public Object decodeNeed() throws MalformedMessageException {
        return WorkerMessage.decode(needBody);
    }
}
