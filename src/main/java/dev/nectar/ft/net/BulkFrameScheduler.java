package dev.nectar.ft.net;

import dev.nectar.ft.wire.WireFrame;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Keeps bulk frames (chunks of files) behind everything else on a link: a frame with a blob goes to the socket
 * only while the channel is below its write watermark, and any other frame goes at once. So a ListFiles answer
 * waits for at most the data already handed to the socket, not for every chunk the senders have queued.
 * Each sending worker bounds its own frames in flight, which bounds this queue.
 */
final class BulkFrameScheduler extends ChannelDuplexHandler {
    private record Pending(WireFrame.Message frame, ChannelPromise promise) {}

    private final Queue<Pending> bulk = new ArrayDeque<>();

    @Override
    public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
        if (message instanceof WireFrame.Message frame && frame.hasBlob()) {
            bulk.add(new Pending(frame, promise));
            drain(context);
        } else {
            context.write(message, promise);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) throws Exception {
        drain(context);
        context.flush();
        super.channelWritabilityChanged(context);
    }

    private void drain(ChannelHandlerContext context) {
        while (context.channel().isWritable() && !bulk.isEmpty()) {
            Pending next = bulk.poll();
            context.write(next.frame(), next.promise());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        failPending();
        super.channelInactive(context);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        failPending();
    }

    private void failPending() {
        for (Pending pending = bulk.poll(); pending != null; pending = bulk.poll()) {
            pending.frame().release();
            pending.promise().tryFailure(new ClosedChannelException());
        }
    }
}
