package dev.nectar.ft.storage;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small pool of direct buffers on {@link IncomingFile#DIRECT_WRITE_ALIGNMENT} boundaries, which direct writes copy a
 * chunk through when its own memory is not aligned. Made on demand, never more than the pool's size; none is freed.
 */
final class AlignedBuffers {
    static final int BUFFER_BYTES = 1 << 20;
    /** More writers at once than this would only queue for the disk: 8 MiB of direct memory at most. */
    static final AlignedBuffers SHARED = new AlignedBuffers(8);

    private final int size;
    private final ArrayBlockingQueue<ByteBuffer> free;
    private final AtomicInteger made = new AtomicInteger();

    AlignedBuffers(int size) {
        this.size = size;
        this.free = new ArrayBlockingQueue<>(Math.max(size, 1));
    }

    /** A free buffer of {@link #BUFFER_BYTES}, or null if all are in use; {@link #give} it back. */
    ByteBuffer take() {
        ByteBuffer buffer = free.poll();
        if (buffer != null || made.getAndUpdate(count -> Math.min(count + 1, size)) >= size) {
            return buffer;
        }
        int alignment = IncomingFile.DIRECT_WRITE_ALIGNMENT;
        return ByteBuffer.allocateDirect(BUFFER_BYTES + alignment).alignedSlice(alignment).limit(BUFFER_BYTES).slice();
    }

    void give(ByteBuffer buffer) {
        free.offer(buffer.clear());
    }
}
