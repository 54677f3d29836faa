package dev.nectar.ft.net;

import dev.nectar.ft.identity.NodeId;
import dev.nectar.ft.wire.WireFrame;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.security.cert.Certificate;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of one connection: once TLS is up, authorize the remote node by its node id, exchange Hello, then
 * hand every message to the layer above. Any broken rule closes this connection, with a logged reason, and
 * nothing else.
 */
final class LinkHandler extends SimpleChannelInboundHandler<WireFrame> {
    private static final Logger LOG = LoggerFactory.getLogger(LinkHandler.class);
    private static final long HELLO_TIMEOUT_SECONDS = 10;

    private final Network network;
    private final NodeId expected;
    private final CompletableFuture<Link> ready;
    private final String relay;
    private NodeId remoteId;
    private Link link;

    /**
     * @param expected the node id that was dialed, or null for an incoming connection
     * @param relay    the name of the relay the connection runs through, or null for a direct one
     */
    LinkHandler(Network network, NodeId expected, CompletableFuture<Link> ready, String relay) {
        // A message goes on to the layer above, which releases its blob once handled.
        super(false);
        this.network = network;
        this.expected = expected;
        this.ready = ready;
        this.relay = relay;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent handshake) {
            if (!handshake.isSuccess()) {
                fail(context, LinkException.Reason.UNREACHABLE, "TLS handshake failed: " + handshake.cause().getMessage());
                return;
            }
            onHandshake(context);
        }
        super.userEventTriggered(context, event);
    }

    private void onHandshake(ChannelHandlerContext context) {
        try {
            Certificate[] chain = context.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates();
            remoteId = NodeId.of(chain[0].getPublicKey());
        } catch (SSLPeerUnverifiedException e) {
            fail(context, LinkException.Reason.UNREACHABLE, "the remote side presented no certificate");
            return;
        }
        if (expected != null && !expected.equals(remoteId)) {
            fail(context, LinkException.Reason.WRONG_NODE,
                    "dialed node " + expected.shortForm() + " but " + context.channel().remoteAddress()
                            + " is node " + remoteId.shortForm() + "; refusing it");
            return;
        }
        context.channel().attr(TrafficCounter.REMOTE_NODE).set(remoteId);
        context.writeAndFlush(network.hello());
        // A node that completes TLS but never says Hello holds a connection for nothing.
        context.executor().schedule(() -> {
            if (link == null && context.channel().isActive()) {
                fail(context, LinkException.Reason.CLOSED, "no Hello within " + HELLO_TIMEOUT_SECONDS + " s");
            }
        }, HELLO_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, WireFrame frame) {
        switch (frame) {
            case WireFrame.Hello hello -> onHello(context, hello);
            case WireFrame.Message message -> {
                if (link == null) {
                    message.release();
                    fail(context, LinkException.Reason.CLOSED, "protocol error: a message before Hello");
                    return;
                }
                network.listener().onMessage(link, message);
            }
            case WireFrame.RelayRegister register -> {
                if (helloSaid(context)) {
                    network.onRelayRegister(link);
                }
            }
            case WireFrame.RelayReply reply -> {
                if (helloSaid(context)) {
                    network.onRelayReply(link, reply);
                }
            }
            case WireFrame.RelayInvite invite -> {
                if (helloSaid(context)) {
                    network.onRelayInvite(link, invite);
                }
            }
        }
    }

    private boolean helloSaid(ChannelHandlerContext context) {
        if (link == null) {
            fail(context, LinkException.Reason.CLOSED, "protocol error: a relay frame before Hello");
        }
        return link != null;
    }

    private void onHello(ChannelHandlerContext context, WireFrame.Hello hello) {
        if (remoteId == null || link != null) {
            fail(context, LinkException.Reason.CLOSED, "protocol error: unexpected Hello");
            return;
        }
        if (hello.protocolVersion() != WireFrame.PROTOCOL_VERSION) {
            fail(context, LinkException.Reason.CLOSED, "node " + remoteId.shortForm() + " speaks protocol version "
                    + hello.protocolVersion() + ", this node speaks " + WireFrame.PROTOCOL_VERSION);
            return;
        }
        link = new Link(context.channel(), remoteId, hello, expected != null, relay);
        network.register(link);
        LOG.info("link up: {} ({})", link, link.isOutgoing() ? "outgoing" : "incoming");
        ready.complete(link);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        if (link != null) {
            LOG.info("link down: {}", link);
            network.unregister(link);
        }
        ready.completeExceptionally(new LinkException(LinkException.Reason.CLOSED,
                "the connection to " + context.channel().remoteAddress() + " closed before the nodes said Hello"));
        super.channelInactive(context);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        Throwable shown = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        fail(context, LinkException.Reason.CLOSED, "closing link: " + shown.getMessage());
    }

    private void fail(ChannelHandlerContext context, LinkException.Reason reason, String message) {
        String peer = remoteId == null ? String.valueOf(context.channel().remoteAddress())
                : remoteId.shortForm() + " at " + context.channel().remoteAddress();
        if (reason == LinkException.Reason.UNREACHABLE && expected != null) {
            LOG.debug("{}: {}", peer, message);
        } else {
            LOG.warn("{}: {}", peer, message);
        }
        ready.completeExceptionally(new LinkException(reason, message));
        context.close();
    }
}
