package dev.nectar.ft.net;

import dev.nectar.ft.home.HostPort;
import dev.nectar.ft.home.Limits;
import dev.nectar.ft.identity.NodeId;
import dev.nectar.ft.identity.NodeIdentity;
import dev.nectar.ft.wire.FrameCodec;
import dev.nectar.ft.wire.FrameLimits;
import dev.nectar.ft.wire.RelayLine;
import dev.nectar.ft.wire.WireFrame;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's links to other nodes: one listener for incoming connections (TLS links and, on a relay, relay
 * session connections, told apart by their first byte), dialing by node id (its addresses first, then its
 * relays), and at most one link in use per remote node. Bootstrap only; what happens on a connection is
 * {@link LinkHandler}'s job, and the relay's is {@link RelayServer}'s.
 */
public final class Network implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Network.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    /**
     * With a relay to fall back on, an address that does not answer is given up sooner: an address learned on
     * another network (a home LAN's 192.168.1.20 seen from an office) usually times out rather than refuses.
     */
    private static final int CONNECT_TIMEOUT_BEFORE_RELAY_MILLIS = 2_000;
    private static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    /** A relay waits this long for the invited node, and the dialer a little longer for the relay's answer. */
    private static final long RELAY_ANSWER_TIMEOUT_MILLIS = 12_000;
    /** Bytes queued for the socket above which bulk frames wait (see {@link BulkFrameScheduler}). */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 512 * 1024);

    private final String name;
    private final NodeId nodeId;
    private final TlsContexts tls;
    private final FrameCodec codec;
    private final ConnectionLimiter limiter;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    private final Map<NodeId, Link> links = new ConcurrentHashMap<>();
    private final Map<NodeId, CompletableFuture<Link>> dials = new ConcurrentHashMap<>();
    private final List<Consumer<Link>> linkUpListeners = new CopyOnWriteArrayList<>();
    private final RelayRegistrations registrations = new RelayRegistrations(this);
    private final Traffic traffic = new Traffic();
    private volatile LinkListener listener;
    private volatile List<HostPort> advertised = List.of();
    private volatile RelayServer relayServer;
    private Channel server;

    /** A way to reach a node: one of its own addresses, or a relay it is registered with. */
    private sealed interface Route {
        HostPort address();

        record Direct(HostPort address) implements Route {}

        record ViaRelay(HostPort address) implements Route {}
    }

    public Network(NodeIdentity identity, String name, Limits limits) throws IOException {
        this.name = name;
        this.nodeId = identity.nodeId();
        this.tls = new TlsContexts(identity);
        this.codec = new FrameCodec(new FrameLimits(limits.maxBodyBytes(), limits.maxBlobBytes()));
        this.limiter = new ConnectionLimiter(limits.connectionsPerAddress(), limits.connectionsTotal(),
                limits.handshakesPerAddressPerMinute());
    }

    /** Makes this node a relay for others, with the relay limits of {@code limits}; call before {@link #listen}. */
    public void serveAsRelay(Limits limits) {
        relayServer = new RelayServer(name, limits, group);
    }

    public boolean isRelay() {
        return relayServer != null;
    }

    /** What this node carries as a relay; empty when it is none. */
    public Optional<RelayLoad> relayLoad() {
        return Optional.ofNullable(relayServer).map(RelayServer::load);
    }

    /** The relays this node registers with, so that nodes that cannot reach it can reach it through them. */
    public RelayRegistrations relays() {
        return registrations;
    }

    /** The bytes this node's links carried. */
    public Traffic traffic() {
        return traffic;
    }

    /** Called with every link once both sides said Hello, on a network thread: must not block. */
    public void onLinkUp(Consumer<Link> linkUpListener) {
        linkUpListeners.add(linkUpListener);
    }

    /** Starts accepting links on {@code address} and returns where it really listens (port 0 picks one). */
    public HostPort listen(HostPort address, LinkListener linkListener) throws IOException {
        this.listener = linkListener;
        ChannelFuture bound = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                // A node restarted after a crash must get its port back while old connections linger in TIME_WAIT.
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.ALLOCATOR, LinkBuffers.ALLOCATOR)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast("limiter", limiter);
                        channel.pipeline().addLast("sniffer", new ConnectionSniffer(Network.this));
                    }
                })
                .bind(address.toSocketAddress())
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IOException("cannot listen on " + address + ": " + bound.cause().getMessage(), bound.cause());
        }
        server = bound.channel();
        HostPort actual = new HostPort(address.host(), ((InetSocketAddress) server.localAddress()).getPort());
        advertised = AdvertisedAddresses.of(actual);
        return actual;
    }

    /** The addresses other nodes can try to reach this one at, as put in its ticket and Hello. */
    public List<HostPort> advertisedAddresses() {
        return advertised;
    }

    /** The name this node gives itself. */
    public String name() {
        return name;
    }

    NodeId nodeId() {
        return nodeId;
    }

    /**
     * The link to {@code node}, dialing {@code addresses} in order if there is none yet, then asking
     * {@code relays} in order to join it. Fails with a {@link LinkException} if no route answers as that node.
     */
    public CompletableFuture<Link> linkTo(NodeId node, List<HostPort> addresses, List<HostPort> relays) {
        Link existing = links.get(node);
        if (existing != null && existing.isOpen()) {
            return CompletableFuture.completedFuture(existing);
        }
        List<Route> routes = new ArrayList<>();
        addresses.forEach(address -> routes.add(new Route.Direct(address)));
        relays.forEach(relay -> routes.add(new Route.ViaRelay(relay)));
        CompletableFuture<Link> dial = dials.computeIfAbsent(node, id -> dialInOrder(id, routes, 0, null));
        dial.whenComplete((link, error) -> dials.remove(node, dial));
        return dial;
    }

    public Optional<Link> existingLink(NodeId node) {
        return Optional.ofNullable(links.get(node)).filter(Link::isOpen);
    }

    public List<Link> links() {
        return new ArrayList<>(links.values());
    }

    private CompletableFuture<Link> dialInOrder(NodeId node, List<Route> routes, int index, LinkException lastError) {
        if (index >= routes.size()) {
            return CompletableFuture.failedFuture(lastError != null ? lastError
                    : new LinkException(LinkException.Reason.UNREACHABLE, "no address is known for node " + node.shortForm()));
        }
        Route route = routes.get(index);
        boolean relayAfter = routes.getLast() instanceof Route.ViaRelay;
        CompletableFuture<Link> attempt = switch (route) {
            case Route.Direct direct -> dial(node, direct.address(), relayAfter ? CONNECT_TIMEOUT_BEFORE_RELAY_MILLIS : CONNECT_TIMEOUT_MILLIS);
            case Route.ViaRelay relay -> dialViaRelay(node, relay.address());
        };
        return attempt.exceptionallyCompose(error -> {
            LinkException cause = asLinkException(error, route.address());
            // Addresses are hints (a ticket's loopback address, a forged announcement): another node at one of them is
            // refused and the next is tried; if none answers as the node, that refusal is the most telling reason.
            boolean keepRefusal = lastError != null && lastError.reason() == LinkException.Reason.WRONG_NODE
                    && cause.reason() != LinkException.Reason.WRONG_NODE;
            return dialInOrder(node, routes, index + 1, keepRefusal ? lastError : cause);
        });
    }

    private CompletableFuture<Link> dial(NodeId node, HostPort address, int connectTimeoutMillis) {
        CompletableFuture<Link> ready = new CompletableFuture<>();
        connect(address, "", connectTimeoutMillis, ready, channel -> addLinkHandlers(channel.pipeline(), tls.client(), node, ready, null));
        return ready.orTimeout(connectTimeoutMillis + HANDSHAKE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Asks the relay at {@code relay} to join this node to {@code node}; TLS then runs end to end through it. */
    private CompletableFuture<Link> dialViaRelay(NodeId node, HostPort relay) {
        CompletableFuture<Link> ready = new CompletableFuture<>();
        connect(relay, "relay ", CONNECT_TIMEOUT_MILLIS, ready, channel -> {
            channel.pipeline().addLast("relay-line", new LineBasedFrameDecoder(RelayLine.MAX_LENGTH));
            channel.pipeline().addLast("relay-join", new RelayJoinHandler(node, relay.toString(), ready,
                    relayName -> addLinkHandlers(channel.pipeline(), tls.client(), node, ready, relayName)));
        });
        return ready.orTimeout(CONNECT_TIMEOUT_MILLIS + RELAY_ANSWER_TIMEOUT_MILLIS + HANDSHAKE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * A relay says a node waits to be joined to this one: connect to the relay where the link to it runs, answer
     * with the key, and serve the TLS handshake that the waiting node starts through it.
     */
    void onRelayInvite(Link relayLink, WireFrame.RelayInvite invite) {
        Optional<HostPort> relay = registrations.sessionAddress(relayLink);
        if (relay.isEmpty()) {
            LOG.warn("{} invited this node to a relay session, but this node does not use it as a relay; ignored", relayLink);
            return;
        }
        connect(relay.get(), "relay ", CONNECT_TIMEOUT_MILLIS, new CompletableFuture<>(), channel -> channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext context) {
                context.writeAndFlush(Unpooled.copiedBuffer(new RelayLine.Accept(invite.key()).encode(), StandardCharsets.UTF_8));
                context.pipeline().remove(this);
                addLinkHandlers(context.pipeline(), tls.server(), null, new CompletableFuture<>(), relayLink.remoteName());
            }
        }));
    }

    void onRelayRegister(Link link) {
        RelayServer relay = relayServer;
        if (relay == null) {
            link.channel().writeAndFlush(new WireFrame.RelayReply(false, "node " + name + " is not a relay (it starts as one with `ft node --relay`)"));
            return;
        }
        relay.register(link);
    }

    void onRelayReply(Link link, WireFrame.RelayReply reply) {
        registrations.onReply(link, reply);
    }

    RelayServer relayServer() {
        return relayServer;
    }

    private void connect(HostPort address, String what, int connectTimeoutMillis, CompletableFuture<Link> ready,
                         Consumer<SocketChannel> handlers) {
        InetSocketAddress remote = address.toSocketAddress();
        new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.ALLOCATOR, LinkBuffers.ALLOCATOR)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        handlers.accept(channel);
                    }
                })
                .connect(remote)
                .addListener((ChannelFuture connected) -> {
                    if (!connected.isSuccess()) {
                        ready.completeExceptionally(new LinkException(LinkException.Reason.UNREACHABLE,
                                "cannot reach " + what + address + ": " + withoutAddress(connected.cause(), remote)));
                    }
                });
    }

    /** Netty ends a failed connect's message with the address ("Connection refused: /10.0.0.7:7700"), said already. */
    private static String withoutAddress(Throwable failure, InetSocketAddress remote) {
        String message = String.valueOf(failure.getMessage());
        String suffix = ": " + remote;
        return message.endsWith(suffix) ? message.substring(0, message.length() - suffix.length()) : message;
    }

    private static LinkException asLinkException(Throwable error, HostPort address) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof LinkException linkException) {
            return linkException;
        }
        return new LinkException(LinkException.Reason.UNREACHABLE, "cannot reach " + address + ": " + cause);
    }

    /** Readies an incoming connection whose first byte said it is TLS. */
    void addIncomingLinkHandlers(ChannelPipeline pipeline) {
        // Nobody waits for an incoming link but the link registry.
        addLinkHandlers(pipeline, tls.server(), null, new CompletableFuture<>(), null);
    }

    private void addLinkHandlers(ChannelPipeline pipeline, SslContext context, NodeId expected, CompletableFuture<Link> ready, String relay) {
        var ssl = context.newHandler(pipeline.channel().alloc());
        ssl.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS);
        pipeline.addLast("tls", ssl);
        pipeline.addLast("traffic", new TrafficCounter(traffic));
        pipeline.addLast("decoder", new WireFrameDecoder(codec));
        pipeline.addLast("encoder", new WireFrameEncoder(codec));
        pipeline.addLast("scheduler", new BulkFrameScheduler());
        pipeline.addLast("link", new LinkHandler(this, expected, ready, relay));
    }

    WireFrame.Hello hello() {
        return new WireFrame.Hello(name, WireFrame.PROTOCOL_VERSION, advertised.stream().map(HostPort::toString).toList(),
                registrations.routes().stream().map(HostPort::toString).toList());
    }

    LinkListener listener() {
        return listener;
    }

    void register(Link link) {
        Link previous = links.put(link.remoteId(), link);
        if (previous != null && previous != link) {
            LOG.debug("a newer link to {} replaces {}", link.remoteId().shortForm(), previous);
        }
        linkUpListeners.forEach(linkUp -> linkUp.accept(link));
    }

    void unregister(Link link) {
        links.remove(link.remoteId(), link);
        LinkListener current = listener;
        if (current != null) {
            current.onLinkClosed(link);
        }
    }

    @Override
    public void close() {
        registrations.close();
        if (relayServer != null) {
            relayServer.close();
        }
        if (server != null) {
            server.close().awaitUninterruptibly();
        }
        links.values().forEach(Link::close);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
