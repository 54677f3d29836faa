package dev.nectar.ft.net;

import dev.nectar.ft.wire.FrameCodec;
import dev.nectar.ft.wire.WireFrame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Writes a frame behind its 4-byte length prefix. A blob is not copied: its own buffer follows the head, and
 * the link releases it once written.
 */
final class WireFrameEncoder extends MessageToMessageEncoder<WireFrame> {
    private final FrameCodec codec;

    WireFrameEncoder(FrameCodec codec) {
        super(WireFrame.class);
        this.codec = codec;
    }

    @Override
    protected void encode(ChannelHandlerContext context, WireFrame frame, List<Object> out) {
        ByteBuf head = context.alloc().ioBuffer(256);
        try {
            head.writeInt(0);
            codec.encodeHead(frame, head);
            int blobLength = frame instanceof WireFrame.Message message ? message.blobLength() : 0;
            head.setInt(0, head.readableBytes() - 4 + blobLength);
        } catch (RuntimeException e) {
            head.release();
            throw e;
        }
        out.add(head);
        if (frame instanceof WireFrame.Message message && message.hasBlob()) {
            // The encoder releases the message once this returns; the write owns the blob from here.
            out.add(message.blob().retain());
        }
    }
}
