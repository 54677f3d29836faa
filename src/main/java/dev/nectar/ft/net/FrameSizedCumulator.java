package dev.nectar.ft.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Gathers the bytes of a frame into a buffer of the frame's own size. Netty's merge cumulator doubles its buffer
 * as it grows, so a 1 MiB chunk frame sat in a 2 MiB buffer; and since a chunk stays in the buffer it arrived in
 * until it is on disk (it is not copied), every chunk in flight held twice its size. Here a buffer that must grow
 * is allocated once, as large as the frame whose 4-byte length it starts with, so a chunk holds little more than
 * itself. Bytes of the next frame that arrived with it are copied out when the next read comes. A chunk's frame
 * gathers into one of the {@link ChunkBuffers}, as the sending side's chunks are read into them, placed so that it
 * ends on a block boundary of memory.
 */
final class FrameSizedCumulator implements ByteToMessageDecoder.Cumulator {
    private static final int LENGTH_BYTES = 4;

    private final int maxFrameBytes;

    FrameSizedCumulator(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public ByteBuf cumulate(ByteBufAllocator allocator, ByteBuf cumulation, ByteBuf in) {
        if (!cumulation.isReadable() && in.isContiguous()) {
            cumulation.release();
            return in;
        }
        try {
            int arriving = in.readableBytes();
            // Writing past the end of a buffer that a decoded chunk still shares leaves that chunk's bytes alone.
            if (arriving <= cumulation.writableBytes() && !cumulation.isReadOnly()) {
                cumulation.writeBytes(in);
                return cumulation;
            }
            int pending = cumulation.readableBytes();
            long capacity = (long) pending + arriving;
            long frameEnd = capacity;
            if (pending >= LENGTH_BYTES) {
                frameEnd = LENGTH_BYTES + cumulation.getUnsignedInt(cumulation.readerIndex());
                capacity = Math.max(capacity, Math.min(frameEnd, maxFrameBytes));
            }
            // The frame ends on a block boundary of memory: a chunk, which ends its frame, goes to the disk from here.
            ByteBuf grown = capacity > ChunkBuffers.BUFFER_BYTES / 2 && capacity <= ChunkBuffers.BUFFER_BYTES
                    ? ChunkBuffers.SHARED.take((int) capacity, (int) Math.min(frameEnd, capacity))
                    : allocator.buffer((int) Math.min(capacity, Integer.MAX_VALUE));
            grown.writeBytes(cumulation).writeBytes(in);
            cumulation.release();
            return grown;
        } finally {
            in.release();
        }
    }
}
