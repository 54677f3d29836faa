package dev.nectar.ft.net;

import dev.nectar.ft.wire.FrameCodec;
import dev.nectar.ft.wire.WireFrame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes a frame behind its 4-byte length prefix. */
final class WireFrameEncoder extends MessageToByteEncoder<WireFrame> {
    private final FrameCodec codec;

    WireFrameEncoder(FrameCodec codec) {
        super(WireFrame.class);
        this.codec = codec;
    }

    @Override
    protected void encode(ChannelHandlerContext context, WireFrame frame, ByteBuf out) {
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        codec.encode(frame, out);
        out.setInt(lengthIndex, out.writerIndex() - lengthIndex - 4);
    }
}
