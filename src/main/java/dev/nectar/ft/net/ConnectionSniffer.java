package dev.nectar.ft.net;

import dev.nectar.ft.wire.RelayLine;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of an incoming connection: its first byte tells a TLS link (a TLS record starts with 0x16)
 * from a relay session connection ({@link RelayLine#FIRST_BYTE}), so that one port serves both. Replaces itself
 * with the right handlers; the bytes it looked at go on to them.
 */
final class ConnectionSniffer extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionSniffer.class);
    private static final byte TLS_HANDSHAKE_RECORD = 0x16;
    private static final long FIRST_BYTE_TIMEOUT_SECONDS = 10;

    private final Network network;

    ConnectionSniffer(Network network) {
        this.network = network;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        // A connection that never sends a byte holds a slot for nothing.
        context.executor().schedule(() -> {
            if (context.pipeline().get(ConnectionSniffer.class) == this && context.channel().isActive()) {
                LOG.debug("{} sent nothing within {} s; closing", context.channel().remoteAddress(), FIRST_BYTE_TIMEOUT_SECONDS);
                context.close();
            }
        }, FIRST_BYTE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        super.channelActive(context);
    }

    @Override
    protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
        if (!in.isReadable()) {
            return;
        }
        byte first = in.getByte(in.readerIndex());
        if (first == TLS_HANDSHAKE_RECORD) {
            network.addIncomingLinkHandlers(context.pipeline());
        } else if (first == RelayLine.FIRST_BYTE && network.relayServer() != null) {
            network.relayServer().addSessionHandlers(context.pipeline());
        } else if (first == RelayLine.FIRST_BYTE) {
            in.skipBytes(in.readableBytes());
            RelayServer.refuse(context.channel(), "node " + network.name() + " is not a relay");
            return;
        } else {
            LOG.debug("{} speaks neither TLS nor the relay protocol; closing", context.channel().remoteAddress());
            in.skipBytes(in.readableBytes());
            context.close();
            return;
        }
        context.pipeline().remove(this);
    }
}
