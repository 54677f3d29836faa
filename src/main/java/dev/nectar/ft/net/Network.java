package dev.nectar.ft.net;

import dev.nectar.ft.home.HostPort;
import dev.nectar.ft.home.Limits;
import dev.nectar.ft.identity.NodeId;
import dev.nectar.ft.identity.NodeIdentity;
import dev.nectar.ft.wire.FrameCodec;
import dev.nectar.ft.wire.FrameLimits;
import dev.nectar.ft.wire.WireFrame;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
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
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's links to other nodes: one listener for incoming connections, dialing by node id, and at most one
 * link in use per remote node. Bootstrap only; what happens on a connection is {@link LinkHandler}'s job.
 */
public final class Network implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Network.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    /** Bytes queued for the socket above which bulk frames wait (see {@link BulkFrameScheduler}). */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 512 * 1024);

    private final String name;
    private final TlsContexts tls;
    private final FrameCodec codec;
    private final ConnectionLimiter limiter;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    private final Map<NodeId, Link> links = new ConcurrentHashMap<>();
    private final Map<NodeId, CompletableFuture<Link>> dials = new ConcurrentHashMap<>();
    private volatile LinkListener listener;
    private volatile List<HostPort> advertised = List.of();
    private Channel server;

    public Network(NodeIdentity identity, String name, Limits limits) throws IOException {
        this.name = name;
        this.tls = new TlsContexts(identity);
        this.codec = new FrameCodec(new FrameLimits(limits.maxBodyBytes(), limits.maxBlobBytes()));
        this.limiter = new ConnectionLimiter(limits.connectionsPerAddress(), limits.connectionsTotal(),
                limits.handshakesPerAddressPerMinute());
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
                .childHandler(initializer(tls.server(), null, new CompletableFuture<>()))
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

    /**
     * The link to {@code node}, dialing {@code addresses} in order if there is none yet. Fails with a
     * {@link LinkException} if no address answers as that node.
     */
    public CompletableFuture<Link> linkTo(NodeId node, List<HostPort> addresses) {
        Link existing = links.get(node);
        if (existing != null && existing.isOpen()) {
            return CompletableFuture.completedFuture(existing);
        }
        CompletableFuture<Link> dial = dials.computeIfAbsent(node, id -> dialInOrder(id, List.copyOf(addresses), 0, null));
        dial.whenComplete((link, error) -> dials.remove(node, dial));
        return dial;
    }

    public Optional<Link> existingLink(NodeId node) {
        return Optional.ofNullable(links.get(node)).filter(Link::isOpen);
    }

    public List<Link> links() {
        return new ArrayList<>(links.values());
    }

    private CompletableFuture<Link> dialInOrder(NodeId node, List<HostPort> addresses, int index, LinkException lastError) {
        if (index >= addresses.size()) {
            return CompletableFuture.failedFuture(lastError != null ? lastError
                    : new LinkException(LinkException.Reason.UNREACHABLE, "no address is known for node " + node.shortForm()));
        }
        HostPort address = addresses.get(index);
        return dial(node, address).exceptionallyCompose(error -> {
            LinkException cause = asLinkException(error, address);
            // Addresses are hints (a ticket's loopback address, a forged announcement): another node at one of them is
            // refused and the next is tried; if none answers as the node, that refusal is the most telling reason.
            boolean keepRefusal = lastError != null && lastError.reason() == LinkException.Reason.WRONG_NODE
                    && cause.reason() != LinkException.Reason.WRONG_NODE;
            return dialInOrder(node, addresses, index + 1, keepRefusal ? lastError : cause);
        });
    }

    private CompletableFuture<Link> dial(NodeId node, HostPort address) {
        CompletableFuture<Link> ready = new CompletableFuture<>();
        new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.ALLOCATOR, LinkBuffers.ALLOCATOR)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .handler(initializer(tls.client(), node, ready))
                .connect(address.toSocketAddress())
                .addListener((ChannelFuture connected) -> {
                    if (!connected.isSuccess()) {
                        ready.completeExceptionally(new LinkException(LinkException.Reason.UNREACHABLE,
                                "cannot reach " + address + ": " + connected.cause().getMessage()));
                    }
                });
        return ready.orTimeout(CONNECT_TIMEOUT_MILLIS + HANDSHAKE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static LinkException asLinkException(Throwable error, HostPort address) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof LinkException linkException) {
            return linkException;
        }
        return new LinkException(LinkException.Reason.UNREACHABLE, "cannot reach " + address + ": " + cause);
    }

    private ChannelInitializer<SocketChannel> initializer(SslContext context, NodeId expected, CompletableFuture<Link> ready) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                var ssl = context.newHandler(channel.alloc());
                ssl.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS);
                ChannelPipeline pipeline = channel.pipeline();
                if (expected == null) {
                    pipeline.addLast("limiter", limiter);
                }
                pipeline.addLast("tls", ssl);
                pipeline.addLast("decoder", new WireFrameDecoder(codec));
                pipeline.addLast("encoder", new WireFrameEncoder(codec));
                pipeline.addLast("scheduler", new BulkFrameScheduler());
                // An incoming connection gets its own future: nobody waits for it but the link registry.
                pipeline.addLast("link", new LinkHandler(Network.this, expected,
                        expected == null ? new CompletableFuture<>() : ready));
            }
        };
    }

    WireFrame.Hello hello() {
        return new WireFrame.Hello(name, WireFrame.PROTOCOL_VERSION, advertised.stream().map(HostPort::toString).toList());
    }

    LinkListener listener() {
        return listener;
    }

    void register(Link link) {
        Link previous = links.put(link.remoteId(), link);
        if (previous != null && previous != link) {
            LOG.debug("a newer link to {} replaces {}", link.remoteId().shortForm(), previous);
        }
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
        if (server != null) {
            server.close().awaitUninterruptibly();
        }
        links.values().forEach(Link::close);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
