package dev.nectar.ft.net;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps incoming connections, per remote address and in total, and the rate of new ones per address, before
 * any TLS work is done for them: a host that opens hundreds of connections, or opens them in a tight loop, gets
 * its extra ones closed at once.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimiter.class);

    private final int perAddress;
    private final int total;
    private final RateLimits<InetAddress> handshakes;
    private final Map<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();
    private final AtomicInteger all = new AtomicInteger();

    ConnectionLimiter(int perAddress, int total, int handshakesPerMinute) {
        this.perAddress = perAddress;
        this.total = total;
        this.handshakes = new RateLimits<>(handshakesPerMinute / 60.0);
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        InetAddress address = ((InetSocketAddress) context.channel().remoteAddress()).getAddress();
        int fromThere = open.computeIfAbsent(address, key -> new AtomicInteger()).incrementAndGet();
        int overall = all.incrementAndGet();
        context.channel().closeFuture().addListener(closed -> release(address));
        if (!handshakes.tryTake(address)) {
            LOG.warn("refusing a connection from {}: more than its rate of new connections", address.getHostAddress());
            context.close();
            return;
        }
        if (fromThere > perAddress || overall > total) {
            LOG.warn("refusing a connection from {}: {} open from there (limit {}), {} in all (limit {})",
                    address.getHostAddress(), fromThere, perAddress, overall, total);
            context.close();
            return;
        }
        super.channelActive(context);
    }

    private void release(InetAddress address) {
        all.decrementAndGet();
        open.computeIfPresent(address, (key, count) -> count.decrementAndGet() <= 0 ? null : count);
    }
}
