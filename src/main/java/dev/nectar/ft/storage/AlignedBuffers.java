package dev.nectar.ft.storage;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded pool of direct buffers that start on an {@link IncomingFile#DIRECT_WRITE_ALIGNMENT} boundary of memory, made
 * on demand and never freed: the link's chunk buffers ({@code net.ChunkBuffers}), and the few that direct writes copy a
 * chunk through when its own memory is not aligned.
 */
public final class AlignedBuffers {
    /** The size of direct writes' own buffers. */
    static final int BUFFER_BYTES = 1 << 20;
    /** More writers at once than this would only queue for the disk: 8 MiB of direct memory at most. */
    static final AlignedBuffers SHARED = new AlignedBuffers(8, BUFFER_BYTES);

    private final int count;
    private final int bytes;
    private final ArrayBlockingQueue<ByteBuffer> free;
    private final AtomicInteger made = new AtomicInteger();

    /** At most {@code count} buffers of {@code bytes} each, a multiple of the alignment. */
    public AlignedBuffers(int count, int bytes) {
        if (bytes % IncomingFile.DIRECT_WRITE_ALIGNMENT != 0) {
            throw new IllegalArgumentException(bytes + " bytes is not a multiple of " + IncomingFile.DIRECT_WRITE_ALIGNMENT);
        }
        this.count = count;
        this.bytes = bytes;
        this.free = new ArrayBlockingQueue<>(Math.max(count, 1));
    }

    /** The size of every buffer. */
    public int bytes() {
        return bytes;
    }

    /** A free buffer, or null if all are in use; {@link #give} it back. */
    public ByteBuffer take() {
        ByteBuffer buffer = free.poll();
        if (buffer != null || made.getAndUpdate(already -> Math.min(already + 1, count)) >= count) {
            return buffer;
        }
        int alignment = IncomingFile.DIRECT_WRITE_ALIGNMENT;
        return ByteBuffer.allocateDirect(bytes + alignment).alignedSlice(alignment).limit(bytes).slice();
    }

    public void give(ByteBuffer buffer) {
        free.offer(buffer.clear());
    }

    /** How many buffers wait to be taken again. */
    public int kept() {
        return free.size();
    }
}
