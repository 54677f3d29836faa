package dev.nectar.ft.net;

import dev.nectar.ft.identity.NodeId;
import dev.nectar.ft.wire.WireFrame;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;

/** An authenticated TLS connection to one remote node, after both sides said Hello. */
public final class Link {
    private final Channel channel;
    private final NodeId remoteId;
    private final WireFrame.Hello remoteHello;
    private final boolean outgoing;

    Link(Channel channel, NodeId remoteId, WireFrame.Hello remoteHello, boolean outgoing) {
        this.channel = channel;
        this.remoteId = remoteId;
        this.remoteHello = remoteHello;
        this.outgoing = outgoing;
    }

    public NodeId remoteId() {
        return remoteId;
    }

    /** What the remote node calls itself: a label, not proof. */
    public String remoteName() {
        return remoteHello.name();
    }

    public boolean isOutgoing() {
        return outgoing;
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    public ChannelFuture send(WireFrame.Message message) {
        return channel.writeAndFlush(message);
    }

    public void close() {
        channel.close();
    }

    @Override
    public String toString() {
        return remoteHello.name() + " (" + remoteId.shortForm() + ") at " + channel.remoteAddress();
    }
}
