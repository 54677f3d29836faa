package dev.nectar.ft.net;

import dev.nectar.ft.wire.FrameCodec;
import dev.nectar.ft.wire.MalformedFrameException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/** Cuts the byte stream at each 4-byte length prefix and decodes the frame inside. */
final class WireFrameDecoder extends LengthFieldBasedFrameDecoder {
    private final FrameCodec codec;

    WireFrameDecoder(FrameCodec codec) {
        super(codec.limits().maxFrameBytes(), 0, 4, 0, 4, true);
        this.codec = codec;
        setCumulator(new FrameSizedCumulator(codec.limits().maxFrameBytes()));
    }

    @Override
    protected Object decode(ChannelHandlerContext context, ByteBuf in) throws Exception {
        ByteBuf frame = (ByteBuf) super.decode(context, in);
        if (frame == null) {
            return null;
        }
        try {
            if (!frame.isReadable()) {
                throw new CorruptedFrameException("empty frame");
            }
            return codec.decode(frame);
        } catch (MalformedFrameException e) {
            throw new CorruptedFrameException(e.getMessage());
        } finally {
            frame.release();
        }
    }
}
