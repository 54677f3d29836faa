package dev.nectar.ft.net;

import dev.nectar.ft.identity.NodeId;
import dev.nectar.ft.wire.MalformedFrameException;
import dev.nectar.ft.wire.RelayLine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The dialing side of a session connection to a relay: asks to be joined to a node, and once the relay says it
 * is, gives the connection to the ordinary link handlers, whose TLS then runs end to end with that node.
 */
final class RelayJoinHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private final NodeId target;
    private final String relayAddress;
    private final CompletableFuture<Link> ready;
    /** Adds the link handlers, given the relay's name. */
    private final Consumer<String> onJoined;

    RelayJoinHandler(NodeId target, String relayAddress, CompletableFuture<Link> ready, Consumer<String> onJoined) {
        this.target = target;
        this.relayAddress = relayAddress;
        this.ready = ready;
        this.onJoined = onJoined;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        context.writeAndFlush(Unpooled.copiedBuffer(new RelayLine.Join(target.value()).encode(), StandardCharsets.UTF_8));
        super.channelActive(context);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, ByteBuf line) {
        RelayLine answer;
        try {
            answer = RelayLine.decodeAnswer(line.toString(StandardCharsets.UTF_8));
        } catch (MalformedFrameException e) {
            fail(context, "relay at " + relayAddress + " answered in a way this node does not understand: " + e.getMessage());
            return;
        }
        switch (answer) {
            case RelayLine.Joined joined -> {
                context.pipeline().remove("relay-line");
                context.pipeline().remove(this);
                onJoined.accept(joined.relayName());
            }
            case RelayLine.Refused refused -> fail(context, "relay at " + relayAddress + " refused: " + refused.reason());
            default -> fail(context, "relay at " + relayAddress + " answered with a request");
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        ready.completeExceptionally(new LinkException(LinkException.Reason.UNREACHABLE,
                "relay at " + relayAddress + " closed the connection before joining node " + target.shortForm()));
        super.channelInactive(context);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        fail(context, "relay at " + relayAddress + ": " + cause.getMessage());
    }

    private void fail(ChannelHandlerContext context, String message) {
        ready.completeExceptionally(new LinkException(LinkException.Reason.UNREACHABLE, message));
        context.close();
    }
}
