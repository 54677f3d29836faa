package dev.nectar.ft.net;

import dev.nectar.ft.storage.AlignedBuffers;
import dev.nectar.ft.storage.IncomingFile;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledDirectByteBuf;
import java.nio.ByteBuffer;

/**
 * Direct buffers for file chunks, taken back for reuse once released: sending workers read chunks into them for
 * the link to encrypt from, and a link gathers each arriving chunk's frame into one until the receiving worker
 * has written it. Netty's pool frees a chunk of its memory as soon as nothing in it is in use, and eight 1 MiB
 * chunks in flight empty its 4 MiB chunks again and again: measured with async-profiler on a warm 1 GiB download,
 * allocating, zeroing and faulting in new ones took up to a third of the sending node's CPU (up to 667
 * allocations of 4 MiB per GiB sent; up to 80 on the receiving node). At most {@link #MAX_BUFFERS} are ever
 * made (some 34 MiB, as many as the chunks a node's downloads may have in flight), whatever the number of
 * transfers; while all are out, a chunk comes from Netty's pool as before (with 24 kept while 32 were in flight,
 * new pool chunks took 4 % of a receiving node's CPU on a warm 1 GiB download; none with 32). None is left for the
 * garbage collector to free later: buffers dropped that way piled up until a collection and raised a receiving
 * node's peak RSS by 15-20 MiB.
 *
 * <p>A buffer can be asked to put one of its indexes on a memory boundary that direct writes take as is: a link
 * gathers a chunk's frame so that the frame ends there, and a chunk, which is the end of its frame, then goes to the
 * disk straight from the buffer it arrived in (copying it into an aligned buffer first took 15 % of a receiving
 * worker's CPU on a warm 1 GiB download, async-profiler).
 */
public final class ChunkBuffers {
    /** The size of every buffer kept: a chunk of any file up to 64 GiB, with room for its frame's header. */
    static final int BUFFER_BYTES = (1 << 20) + (64 << 10);
    static final int MAX_BUFFERS = 32;
    private static final int ALIGNMENT = IncomingFile.DIRECT_WRITE_ALIGNMENT;

    /** The node's buffers: every link and worker of a node takes from these. */
    public static final ChunkBuffers SHARED = new ChunkBuffers(MAX_BUFFERS);

    /** Room for a chunk's frame shifted by up to one alignment less a byte. */
    private final AlignedBuffers memory;

    ChunkBuffers(int maxBuffers) {
        this.memory = new AlignedBuffers(maxBuffers, BUFFER_BYTES + ALIGNMENT);
    }

    /** An empty buffer of exactly {@code length} bytes; the caller (or the link it is written to) releases it. */
    public ByteBuf take(int length) {
        return take(length, 0);
    }

    /**
     * As {@link #take(int)}, with index {@code alignedAt} of the buffer (which may be its end) on an
     * {@link IncomingFile#DIRECT_WRITE_ALIGNMENT} boundary of memory. One from Netty's pool, when none is free, is not
     * aligned.
     */
    public ByteBuf take(int length, int alignedAt) {
        if (length <= BUFFER_BYTES) {
            ByteBuffer taken = memory.take();
            if (taken != null) {
                return new Reused(taken, Math.floorMod(-alignedAt, ALIGNMENT), length);
            }
        }
        return LinkBuffers.ALLOCATOR.directBuffer(length, length);
    }

    /** How many buffers wait for reuse. */
    int kept() {
        return memory.kept();
    }

    private final class Reused extends UnpooledDirectByteBuf {
        private final ByteBuffer taken;

        /** The buffer of {@code length} bytes that starts {@code shift} bytes into {@code taken}. */
        Reused(ByteBuffer taken, int shift, int length) {
            // Netty's constructor wraps a view of the given bytes, which it neither frees nor zeroes.
            super(LinkBuffers.ALLOCATOR, taken.clear().position(shift).limit(shift + length), length);
            this.taken = taken;
            clear();
        }

        @Override
        protected void deallocate() {
            super.deallocate();
            memory.give(taken);
        }
    }
}
