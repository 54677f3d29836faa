package dev.nectar.ft.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledDirectByteBuf;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Direct buffers for file chunks, taken back for reuse once released: sending workers read chunks into them for
 * the link to encrypt from, and a link gathers each arriving chunk's frame into one until the receiving worker
 * has written it. Netty's pool frees a chunk of its memory as soon as nothing in it is in use, and eight 1 MiB
 * chunks in flight empty its 4 MiB chunks again and again: measured with async-profiler on a warm 1 GiB download,
 * allocating, zeroing and faulting in new ones took up to a third of the sending node's CPU (up to 667
 * allocations of 4 MiB per GiB sent; up to 80 on the receiving node). At most {@link #KEPT} buffers wait here,
 * so what this holds is bounded by some 17 MiB whatever the number of transfers; one released while that many
 * wait is left to the garbage collector.
 */
public final class ChunkBuffers {
    /** The size of every buffer kept: a chunk of any file up to 64 GiB, with room for its frame's header. */
    static final int BUFFER_BYTES = (1 << 20) + (64 << 10);
    static final int KEPT = 16;

    /** The node's buffers: every link and worker of a node takes from these. */
    public static final ChunkBuffers SHARED = new ChunkBuffers(KEPT);

    private final BlockingQueue<ByteBuffer> free;

    ChunkBuffers(int kept) {
        this.free = new ArrayBlockingQueue<>(kept);
    }

    /** An empty buffer of exactly {@code length} bytes; the caller (or the link it is written to) releases it. */
    public ByteBuf take(int length) {
        if (length > BUFFER_BYTES) {
            return LinkBuffers.ALLOCATOR.directBuffer(length, length);
        }
        ByteBuffer memory = free.poll();
        return new Reused(memory == null ? ByteBuffer.allocateDirect(BUFFER_BYTES) : memory, length);
    }

    /** How many buffers wait for reuse. */
    int kept() {
        return free.size();
    }

    private final class Reused extends UnpooledDirectByteBuf {
        private final ByteBuffer memory;

        Reused(ByteBuffer memory, int length) {
            // Netty's constructor wraps a view of the given bytes, which it neither frees nor zeroes.
            super(LinkBuffers.ALLOCATOR, memory.clear().limit(length), length);
            this.memory = memory;
            clear();
        }

        @Override
        protected void deallocate() {
            super.deallocate();
            free.offer(memory);
        }
    }
}
