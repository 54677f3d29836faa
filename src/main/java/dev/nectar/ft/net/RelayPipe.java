package dev.nectar.ft.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * One direction of a relay session: what arrives on this connection is written, as the same buffers, to the
 * other. When the other's socket buffer is full this side stops reading until it drains, so a slow reader
 * holds the relay at one write buffer (the link water mark) and the sender's TCP window does the rest.
 */
final class RelayPipe extends ChannelInboundHandlerAdapter {
    private final Channel other;

    RelayPipe(Channel other) {
        this.other = other;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        other.write(message);
        if (!other.isWritable()) {
            context.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        other.flush();
    }

    /** This side's socket drained what the other side sent: the other may read again. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        if (context.channel().isWritable()) {
            other.config().setAutoRead(true);
        }
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event instanceof IdleStateEvent) {
            context.close();
            other.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        // What is already on its way to the other side still arrives, then that side closes too.
        other.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        context.close();
        other.close();
    }
}
