package dev.nectar.ft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nectar.ft.storage.IncomingFile;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Chunk buffers come back for reuse when released, hold exactly what was asked for, and only so many are made. */
class ChunkBuffers_ReuseTest {
    private final ChunkBuffers buffers = new ChunkBuffers(3);

    @Test
    void aReleasedBufferIsReusedAndHoldsExactlyTheLengthAskedFor() {
        ByteBuf first = buffers.take(1 << 20);
        assertThat(first.isDirect()).isTrue();
        assertThat(first.readableBytes()).isZero();
        assertThat(first.capacity()).isEqualTo(1 << 20);
        first.writeByte(42);
        first.release();
        assertThat(buffers.kept()).isEqualTo(1);

        ByteBuf second = buffers.take(1000);
        assertThat(buffers.kept()).isZero();
        assertThat(second.capacity()).isEqualTo(1000);
        assertThat(second.readableBytes()).isZero();
        assertThat(second.getByte(0)).as("the same memory, not zeroed again").isEqualTo((byte) 42);
        byte[] bytes = new byte[1000];
        new Random(7).nextBytes(bytes);
        second.writeBytes(bytes);
        assertThat(ByteBufUtil.getBytes(second)).isEqualTo(bytes);
        assertThatThrownBy(() -> second.writeByte(1)).isInstanceOf(IndexOutOfBoundsException.class);
        second.release();
        assertThat(buffers.kept()).isEqualTo(1);
    }

    @Test
    void onceAllBuffersAreOutAChunkComesFromTheLinkPoolAndNoMoreBuffersAreMade() {
        List<ByteBuf> taken = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            taken.add(buffers.take(ChunkBuffers.BUFFER_BYTES));
        }
        assertThat(taken).extracting(ByteBuf::alloc).containsOnly(LinkBuffers.ALLOCATOR);
        assertThat(taken.subList(3, 5)).allMatch(buffer -> buffer.getClass().getName().startsWith("io.netty"));
        assertThat(taken.subList(0, 3)).noneMatch(buffer -> buffer.getClass().getName().startsWith("io.netty"));
        taken.forEach(ByteBuf::release);

        assertThat(buffers.kept()).isEqualTo(3);
        ByteBuf again = buffers.take(10);
        assertThat(buffers.kept()).isEqualTo(2);
        again.release();
    }

    @Test
    void theIndexAskedForSitsOnABlockBoundaryOfMemoryEvenInABufferOfTheLargestSize() {
        int alignment = IncomingFile.DIRECT_WRITE_ALIGNMENT;
        for (int alignedAt : new int[] {0, 1, 4, 4097, 1000, (1 << 20) + 57, ChunkBuffers.BUFFER_BYTES}) {
            ByteBuf buffer = buffers.take(ChunkBuffers.BUFFER_BYTES, alignedAt);
            assertThat(buffer.nioBuffer(0, buffer.capacity()).alignmentOffset(alignedAt, alignment)).as("index %d", alignedAt).isZero();
            buffer.writeZero(ChunkBuffers.BUFFER_BYTES);
            buffer.release();
        }
    }

    @Test
    void aBufferLargerThanAChunkComesFromTheLinkPoolAndIsNotKept() {
        ByteBuf large = buffers.take(ChunkBuffers.BUFFER_BYTES + 1);
        assertThat(large.capacity()).isEqualTo(ChunkBuffers.BUFFER_BYTES + 1);
        assertThat(large.alloc()).isSameAs(LinkBuffers.ALLOCATOR);
        large.release();

        assertThat(buffers.kept()).isZero();
    }

    @Test
    void aSliceSharedBeyondTheFirstReleaseKeepsTheBufferOutUntilTheLastRelease() {
        ByteBuf frame = buffers.take(100).writeZero(100);
        ByteBuf chunk = frame.retainedSlice(10, 50);
        frame.release();
        assertThat(buffers.kept()).isZero();

        chunk.release();
        assertThat(buffers.kept()).isEqualTo(1);
    }
}
