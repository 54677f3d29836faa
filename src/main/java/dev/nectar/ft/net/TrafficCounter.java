package dev.nectar.ft.net;

import dev.nectar.ft.identity.NodeId;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.AttributeKey;

/**
 * Counts a link's bytes above TLS, both ways, into {@link Traffic} under the remote node's id, once the handshake
 * has named it ({@link LinkHandler} sets {@link #REMOTE_NODE}).
 */
final class TrafficCounter extends ChannelDuplexHandler {
    static final AttributeKey<NodeId> REMOTE_NODE = AttributeKey.valueOf("ft.remoteNode");

    private final Traffic traffic;

    TrafficCounter(Traffic traffic) {
        this.traffic = traffic;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) throws Exception {
        NodeId remote = context.channel().attr(REMOTE_NODE).get();
        if (remote != null && message instanceof ByteBuf bytes) {
            traffic.received(remote, bytes.readableBytes());
        }
        super.channelRead(context, message);
    }

    @Override
    public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) throws Exception {
        NodeId remote = context.channel().attr(REMOTE_NODE).get();
        if (remote != null && message instanceof ByteBuf bytes) {
            traffic.sent(remote, bytes.readableBytes());
        }
        super.write(context, message, promise);
    }
}
