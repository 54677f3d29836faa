package dev.nectar.ft.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nectar.ft.storage.IncomingFile;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A frame gathered from many reads ends up in one buffer of its own size, with its bytes in order. */
class FrameSizedCumulator_FrameSizeTest {
    private static final int MAX_FRAME = 4 << 20;
    private static final ByteBufAllocator ALLOCATOR = new UnpooledByteBufAllocator(false);

    private final FrameSizedCumulator cumulator = new FrameSizedCumulator(MAX_FRAME);

    private static byte[] frame(int contentBytes, long seed) {
        byte[] frame = new byte[4 + contentBytes];
        new Random(seed).nextBytes(frame);
        Unpooled.wrappedBuffer(frame).setInt(0, contentBytes);
        return frame;
    }

    private ByteBuf feed(byte[] bytes, int readSize) {
        ByteBuf cumulation = Unpooled.EMPTY_BUFFER;
        for (int from = 0; from < bytes.length; from += readSize) {
            ByteBuf read = ALLOCATOR.buffer(readSize);
            read.writeBytes(bytes, from, Math.min(readSize, bytes.length - from));
            cumulation = cumulator.cumulate(ALLOCATOR, cumulation, read);
        }
        return cumulation;
    }

    @Test
    void aChunkFrameArrivingInSmallReadsLandsInABufferOfTheFramesSize() {
        byte[] frame = frame(1 << 20, 1);
        ByteBuf cumulation = feed(frame, 16 * 1024 + 29);

        assertThat(cumulation.capacity()).isEqualTo(frame.length);
        assertThat(ByteBufUtil.getBytes(cumulation)).isEqualTo(frame);
        cumulation.release();
    }

    @Test
    void aChunkFrameEndsOnABlockBoundaryOfMemorySoThatItsChunkGoesToTheDiskFromThere() {
        // A chunk's frame: a head of some length, then the 1 MiB chunk that ends the frame.
        byte[] frame = frame(77 + (1 << 20), 5);
        ByteBuf cumulation = feed(frame, 16 * 1024 + 29);

        ByteBuffer memory = cumulation.nioBuffer(0, cumulation.capacity());
        assertThat(memory.isDirect()).isTrue();
        assertThat(memory.alignmentOffset(frame.length - (1 << 20), IncomingFile.DIRECT_WRITE_ALIGNMENT)).isZero();
        assertThat(ByteBufUtil.getBytes(cumulation)).isEqualTo(frame);
        cumulation.release();
    }

    @Test
    void aLengthLargerThanTheLimitDoesNotMakeTheBufferLargerThanTheLimit() {
        byte[] head = frame(16, 2);
        Unpooled.wrappedBuffer(head).setInt(0, Integer.MAX_VALUE);
        ByteBuf cumulation = feed(head, 3);

        assertThat(cumulation.capacity()).isLessThanOrEqualTo(MAX_FRAME);
        assertThat(ByteBufUtil.getBytes(cumulation)).isEqualTo(head);
        cumulation.release();
    }

    @Test
    void bytesAfterADecodedFrameStillSharedByItsChunkMoveToANewBufferAndTheChunkKeepsItsBytes() {
        byte[] first = frame(1000, 3);
        byte[] second = frame(2000, 4);
        byte[] both = new byte[first.length + 10];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, 10);
        ByteBuf cumulation = feed(both, 512);
        ByteBuf chunk = cumulation.readRetainedSlice(first.length);

        ByteBuf rest = ALLOCATOR.buffer(second.length - 10).writeBytes(second, 10, second.length - 10);
        ByteBuf next = cumulator.cumulate(ALLOCATOR, cumulation, rest);

        assertThat(ByteBufUtil.getBytes(chunk)).isEqualTo(first);
        assertThat(ByteBufUtil.getBytes(next)).isEqualTo(second);
        chunk.release();
        next.release();
    }
}
