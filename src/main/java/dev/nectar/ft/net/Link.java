package dev.nectar.ft.net;

import dev.nectar.ft.home.HostPort;
import dev.nectar.ft.identity.NodeId;
import dev.nectar.ft.wire.WireFrame;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.util.ArrayList;
import java.util.List;

/**
 * An authenticated TLS connection to one remote node, after both sides said Hello: straight to it, or through a
 * relay that sees only the ciphertext.
 */
public final class Link {
    private final Channel channel;
    private final NodeId remoteId;
    private final WireFrame.Hello remoteHello;
    private final boolean outgoing;
    /** The relay's name when the link runs through one, else null. */
    private final String relay;

    Link(Channel channel, NodeId remoteId, WireFrame.Hello remoteHello, boolean outgoing, String relay) {
        this.channel = channel;
        this.remoteId = remoteId;
        this.remoteHello = remoteHello;
        this.outgoing = outgoing;
        this.relay = relay;
    }

    /** How this link reaches the other node: {@code direct}, or {@code via RELAY_NAME}. */
    public String path() {
        return relay == null ? "direct" : "via " + relay;
    }

    /** Where the remote node says it listens; what does not parse is left out. */
    public List<HostPort> advertisedAddresses() {
        return hostPorts(remoteHello.addresses());
    }

    /** The relays the remote node says it is reachable through. */
    public List<HostPort> advertisedRelays() {
        return hostPorts(remoteHello.relays());
    }

    private static List<HostPort> hostPorts(List<String> values) {
        List<HostPort> parsed = new ArrayList<>();
        for (String value : values) {
            try {
                parsed.add(HostPort.parse(value));
            } catch (IllegalArgumentException ignored) {
                // A hint from the remote node that does not parse is no address; the link itself is fine.
            }
        }
        return parsed;
    }

    Channel channel() {
        return channel;
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
        return remoteHello.name() + " (" + remoteId.shortForm() + ") at " + channel.remoteAddress()
                + (relay == null ? "" : " via relay " + relay);
    }
}
