package dev.nectar.ft.net;

import dev.nectar.ft.wire.MalformedFrameException;
import dev.nectar.ft.wire.RelayLine;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Reads the one request line of a session connection at a relay and hands it to the relay; then reads no more. */
final class RelayRequestHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private static final long LINE_TIMEOUT_SECONDS = 10;

    private final RelayServer relay;
    private boolean answered;

    RelayRequestHandler(RelayServer relay) {
        this.relay = relay;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        context.executor().schedule(() -> {
            if (!answered && context.channel().isActive()) {
                RelayServer.refuse(context.channel(), "no request line within " + LINE_TIMEOUT_SECONDS + " s");
            }
        }, LINE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, ByteBuf line) {
        if (answered) {
            return;
        }
        answered = true;
        // Nothing more is read until the relay joins this connection to another: no bytes pile up here.
        context.channel().config().setAutoRead(false);
        try {
            switch (RelayLine.decodeRequest(line.toString(StandardCharsets.UTF_8))) {
                case RelayLine.Join join -> relay.join(context.channel(), join.nodeId());
                case RelayLine.Accept accept -> relay.accept(context.channel(), accept.key());
                default -> RelayServer.refuse(context.channel(), "expected a join or accept request");
            }
        } catch (MalformedFrameException e) {
            RelayServer.refuse(context.channel(), e.getMessage());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        answered = true;
        RelayServer.refuse(context.channel(), cause instanceof TooLongFrameException
                ? "the request line is longer than " + RelayLine.MAX_LENGTH + " bytes" : String.valueOf(cause.getMessage()));
    }
}
