package dev.nectar.ft.net;

import dev.nectar.ft.home.Limits;
import dev.nectar.ft.identity.NodeId;
import dev.nectar.ft.wire.RelayLine;
import dev.nectar.ft.wire.WireFrame;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.handler.traffic.ChannelTrafficShapingHandler;
import io.netty.handler.traffic.GlobalTrafficShapingHandler;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay role: nodes register over their ordinary authenticated link, and a node that cannot reach one of
 * them opens a session connection here and is joined to it. The relay copies the two byte streams, in which the
 * two nodes run their own TLS; it never sees a key. Every count and rate is capped by the relay's
 * {@code [limits]}, and a session holds at most one socket write buffer each way.
 */
final class RelayServer {
    private static final Logger LOG = LoggerFactory.getLogger(RelayServer.class);
    /** How long a joining node waits for the node it asked for to answer the invitation. */
    private static final long ANSWER_TIMEOUT_SECONDS = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * A node renews its registration every minute; one silent for three (a laptop that went to sleep, a network
     * that dropped the connection without a word) is dropped, so that it holds no place among {@code relay_nodes}.
     */
    private static final long RENEWAL_DEADLINE_NANOS = TimeUnit.MINUTES.toNanos(3);

    private record Pending(Channel joiner, NodeId target) {}

    private record Registration(Link link, long renewedNanos) {}

    private final String name;
    private final Limits limits;
    private final ScheduledExecutorService timers;
    private final GlobalTrafficShapingHandler allSessionsRate;
    private final Map<NodeId, Registration> registered = new ConcurrentHashMap<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<NodeId, AtomicInteger> sessionsPerNode = new ConcurrentHashMap<>();
    private final AtomicInteger sessions = new AtomicInteger();
    private final Set<Channel> piped = ConcurrentHashMap.newKeySet();

    RelayServer(String name, Limits limits, ScheduledExecutorService timers) {
        this.name = name;
        this.limits = limits;
        this.timers = timers;
        this.allSessionsRate = limits.relayBytesPerSecond() == 0 ? null
                : new GlobalTrafficShapingHandler(timers, 0, limits.relayBytesPerSecond());
        timers.scheduleWithFixedDelay(this::dropSilentNodes, 1, 1, TimeUnit.MINUTES);
    }

    private void dropSilentNodes() {
        long now = System.nanoTime();
        registered.values().removeIf(registration -> {
            if (now - registration.renewedNanos() < RENEWAL_DEADLINE_NANOS) {
                return false;
            }
            LOG.info("{} did not renew its registration for {} minutes; no longer relaying for it", registration.link(),
                    TimeUnit.NANOSECONDS.toMinutes(RENEWAL_DEADLINE_NANOS));
            registration.link().close();
            return true;
        });
    }

    /** What a registered node sees in its list of relays, and a joined node in its path. */
    String name() {
        return name;
    }

    /** What the relay carries now: for the owner, and for tests that a slow reader holds it at a bounded buffer. */
    RelayLoad load() {
        long buffered = 0;
        for (Channel channel : piped) {
            ChannelOutboundBuffer outbound = channel.unsafe().outboundBuffer();
            buffered += outbound == null ? 0 : outbound.totalPendingWriteBytes();
        }
        return new RelayLoad(registered.size(), sessions.get(), buffered);
    }

    void register(Link link) {
        NodeId id = link.remoteId();
        if (registered.size() >= limits.relayNodes() && !registered.containsKey(id)) {
            LOG.warn("refusing to relay for {}: {} nodes are registered, the limit", link, limits.relayNodes());
            link.channel().writeAndFlush(new WireFrame.RelayReply(false, "relay " + name + " has " + limits.relayNodes()
                    + " registered nodes, its limit (limits.relay_nodes)"));
            return;
        }
        Registration before = registered.put(id, new Registration(link, System.nanoTime()));
        if (before == null || before.link() != link) {
            link.channel().closeFuture().addListener(closed -> {
                if (registered.computeIfPresent(id, (key, current) -> current.link() == link ? null : current) == null) {
                    LOG.info("no longer relaying for {}", link);
                }
            });
            LOG.info("relaying for {}", link);
        }
        link.channel().writeAndFlush(new WireFrame.RelayReply(true, name));
    }

    /** Readies an incoming connection whose first byte said it is a session connection. */
    void addSessionHandlers(ChannelPipeline pipeline) {
        pipeline.addLast("relay-line", new LineBasedFrameDecoder(RelayLine.MAX_LENGTH));
        pipeline.addLast("relay-request", new RelayRequestHandler(this));
    }

    /** A node asks to be joined to {@code target}: invite the target, and wait for its answer with reading off. */
    void join(Channel joiner, String target) {
        if (!NodeId.looksLikeNodeId(target)) {
            refuse(joiner, "'" + target + "' is not a node id");
            return;
        }
        NodeId id = new NodeId(target);
        Registration registration = registered.get(id);
        Link link = registration == null ? null : registration.link();
        if (link == null || !link.isOpen()) {
            refuse(joiner, "node " + id.shortForm() + " is not registered at relay " + name);
            return;
        }
        AtomicInteger forNode = sessionsPerNode.computeIfAbsent(id, key -> new AtomicInteger());
        int toNode = forNode.incrementAndGet();
        int all = sessions.incrementAndGet();
        joiner.closeFuture().addListener(closed -> {
            sessions.decrementAndGet();
            sessionsPerNode.computeIfPresent(id, (key, count) -> count.decrementAndGet() <= 0 ? null : count);
        });
        if (toNode > limits.relaySessionsPerNode()) {
            refuse(joiner, "node " + id.shortForm() + " already has " + limits.relaySessionsPerNode() + " sessions through relay "
                    + name + ", its limit (limits.relay_sessions_per_node)");
            return;
        }
        if (all > limits.relaySessions()) {
            refuse(joiner, "relay " + name + " carries " + limits.relaySessions() + " sessions, its limit (limits.relay_sessions)");
            return;
        }
        byte[] secret = new byte[16];
        RANDOM.nextBytes(secret);
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Pending waiting = new Pending(joiner, id);
        pending.put(key, waiting);
        link.channel().writeAndFlush(new WireFrame.RelayInvite(key));
        timers.schedule(() -> {
            if (pending.remove(key, waiting)) {
                refuse(joiner, "node " + id.shortForm() + " did not answer through relay " + name + " within " + ANSWER_TIMEOUT_SECONDS + " s");
            }
        }, ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** The invited node answers: join its connection to the one that waits, and start copying both ways. */
    void accept(Channel acceptor, String key) {
        Pending waiting = pending.remove(key);
        if (waiting == null || !waiting.joiner().isActive()) {
            LOG.debug("{} answered an invitation nobody waits for; closing", acceptor.remoteAddress());
            acceptor.close();
            return;
        }
        Channel joiner = waiting.joiner();
        pipe(acceptor, joiner);
        pipe(joiner, acceptor);
        joiner.writeAndFlush(Unpooled.copiedBuffer(new RelayLine.Joined(name).encode(), StandardCharsets.UTF_8));
        joiner.config().setAutoRead(true);
        acceptor.config().setAutoRead(true);
        LOG.debug("joined {} to node {}", joiner.remoteAddress(), waiting.target().shortForm());
    }

    private void pipe(Channel from, Channel to) {
        ChannelPipeline pipeline = from.pipeline();
        pipeline.addLast("idle", new IdleStateHandler(0, 0, limits.relayIdleSeconds()));
        if (allSessionsRate != null) {
            pipeline.addLast("relay-rate", allSessionsRate);
        }
        if (limits.relaySessionBytesPerSecond() > 0) {
            pipeline.addLast("session-rate", new ChannelTrafficShapingHandler(0, limits.relaySessionBytesPerSecond()));
        }
        pipeline.addLast("pipe", new RelayPipe(to));
        piped.add(from);
        from.closeFuture().addListener(closed -> piped.remove(from));
        // The request line's handlers go last: what the line decoder still holds flows on into the pipe.
        for (String handler : List.of("relay-request", "relay-line")) {
            if (pipeline.get(handler) != null) {
                pipeline.remove(handler);
            }
        }
    }

    /** Answers a session connection with a refusal, then closes it. */
    static void refuse(Channel channel, String reason) {
        LOG.info("relay session from {} refused: {}", channel.remoteAddress(), reason);
        channel.writeAndFlush(Unpooled.copiedBuffer(new RelayLine.Refused(reason).encode(), StandardCharsets.UTF_8))
                .addListener(ChannelFutureListener.CLOSE);
    }

    void close() {
        if (allSessionsRate != null) {
            allSessionsRate.release();
        }
    }
}
