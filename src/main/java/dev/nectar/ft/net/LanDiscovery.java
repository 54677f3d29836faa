package dev.nectar.ft.net;

import dev.nectar.ft.home.HostPort;
import dev.nectar.ft.identity.NodeId;
import dev.nectar.ft.wire.Announcement;
import dev.nectar.ft.wire.MalformedMessageException;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds nodes on the local network without tickets: announces this node by UDP multicast to a group of the local
 * network control block (which routers do not forward), every interval, at start and soon after a new node is
 * heard; and listens for the announcements of others. Only on the interfaces of the listen address: a node that
 * listens on 127.0.0.1 announces on loopback only, one that listens on every address on every interface that is
 * up and can multicast; IPv6 link-local too where it listens on IPv6 ({@code [::]} included).
 */
public final class LanDiscovery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LanDiscovery.class);
    public static final int PORT = 7790;
    /** Unassigned in 224.0.0.0/24, the block that stays on the local link. */
    public static final String GROUP = "224.0.0.170";
    /** The same on IPv6, link-local scope. */
    public static final String GROUP6 = "ff02::7790";
    /** A new node makes this node announce itself again, but not more often than this. */
    private static final long REANNOUNCE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final Announcement self;
    private final NearbyNodes nearby;
    private final Consumer<NearbyNodes.Nearby> onHeard;
    private final List<Sender> senders;
    private final List<DatagramChannel> receivers;
    private final ScheduledExecutorService announcer;
    private final AtomicLong lastAnnouncedNanos = new AtomicLong();
    private final List<Thread> listeners;
    private volatile boolean closed;

    private LanDiscovery(Announcement self, NearbyNodes nearby, Consumer<NearbyNodes.Nearby> onHeard, List<Sender> senders,
                         List<DatagramChannel> receivers) {
        this.self = self;
        this.nearby = nearby;
        this.onHeard = onHeard;
        this.senders = senders;
        this.receivers = receivers;
        this.announcer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("lan-announcer").factory());
        this.listeners = receivers.stream().map(receiver -> Thread.ofVirtual().name("lan-listener").unstarted(() -> listen(receiver))).toList();
    }

    /** One address family's part: its group, the interfaces it announces on, and the socket that listens. */
    private record Family(StandardProtocolFamily family, InetAddress group, List<NetworkInterface> interfaces) {}

    /**
     * A socket that announces on one interface, to the group there. Not connected: connecting picks the source address
     * once, and fails while the interface has no usable one yet (an IPv6 link-local address for the second or so of
     * its duplicate address detection after the link comes up), which would leave a node started then unheard for good.
     * Unconnected, each announcement picks its source, and one sent before there is any fails alone.
     */
    private record Sender(DatagramChannel channel, InetSocketAddress group) {}

    /**
     * Starts announcing {@code self} and listening on the interfaces of {@code listen}; {@code onHeard} hears of every
     * announcement of another node, with all that is known of that node.
     */
    public static LanDiscovery start(HostPort listen, Announcement self, NearbyNodes nearby, Duration interval,
                                     Consumer<NearbyNodes.Nearby> onHeard) throws IOException {
        List<DatagramChannel> receivers = new ArrayList<>();
        List<Sender> senders = new ArrayList<>();
        List<String> where = new ArrayList<>();
        try {
            for (Family family : familiesOf(listen)) {
                DatagramChannel receiver = DatagramChannel.open(family.family()).setOption(StandardSocketOptions.SO_REUSEADDR, true);
                receivers.add(receiver);
                // Bound to the IPv4 group, the socket takes only the group's datagrams; IPv6 binds the port, as a
                // link-local group cannot be bound without naming one interface.
                receiver.bind(family.family() == StandardProtocolFamily.INET ? new InetSocketAddress(family.group(), PORT)
                        : new InetSocketAddress(PORT));
                for (NetworkInterface face : family.interfaces()) {
                    receiver.join(family.group(), face);
                    senders.add(new Sender(DatagramChannel.open(family.family())
                            .setOption(StandardSocketOptions.IP_MULTICAST_IF, face)
                            .setOption(StandardSocketOptions.IP_MULTICAST_TTL, 1)
                            .setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true),
                            new InetSocketAddress(scoped(family.group(), face), PORT)));
                    where.add(face.getName() + (family.family() == StandardProtocolFamily.INET ? "" : " (IPv6)"));
                }
            }
        } catch (IOException | RuntimeException e) {
            for (DatagramChannel channel : receivers) {
                channel.close();
            }
            for (Sender sender : senders) {
                sender.channel().close();
            }
            throw e;
        }
        LanDiscovery discovery = new LanDiscovery(self, nearby, onHeard, senders, receivers);
        discovery.listeners.forEach(Thread::start);
        discovery.announcer.scheduleAtFixedRate(discovery::announce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("announcing this node on {} every {} s", where, interval.toSeconds());
        return discovery;
    }

    /** An IPv6 link-local group is only meaningful with the interface it is sent on. */
    private static InetAddress scoped(InetAddress group, NetworkInterface face) throws IOException {
        return group instanceof Inet6Address ? Inet6Address.getByAddress(null, group.getAddress(), face) : group;
    }

    /**
     * The families and interfaces a node listening on {@code listen} announces on: IPv4 unless it listens on an IPv6
     * address only; IPv6 link-local when it listens on an IPv6 address, the wildcard {@code ::} included.
     */
    static List<Family> familiesOf(HostPort listen) throws IOException {
        InetAddress host = listen.toSocketAddress().getAddress();
        if (host == null) {
            throw new IOException("cannot resolve " + listen.host());
        }
        InetAddress v4 = InetAddress.getByName(GROUP);
        InetAddress v6 = InetAddress.getByName(GROUP6);
        if (!host.isAnyLocalAddress()) {
            NetworkInterface face = NetworkInterface.getByInetAddress(host);
            if (face == null) {
                throw new IOException("no interface holds " + host.getHostAddress());
            }
            return List.of(host instanceof Inet4Address ? new Family(StandardProtocolFamily.INET, v4, List.of(face))
                    : new Family(StandardProtocolFamily.INET6, v6, List.of(face)));
        }
        List<Family> families = new ArrayList<>();
        families.add(new Family(StandardProtocolFamily.INET, v4, multicastInterfaces(Inet4Address.class)));
        if (host instanceof Inet6Address) {
            families.add(new Family(StandardProtocolFamily.INET6, v6, multicastInterfaces(Inet6Address.class)));
        }
        return families;
    }

    private static List<NetworkInterface> multicastInterfaces(Class<? extends InetAddress> kind) throws IOException {
        List<NetworkInterface> faces = new ArrayList<>();
        for (NetworkInterface face : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (face.isUp() && face.supportsMulticast() && !face.isLoopback()
                    && Collections.list(face.getInetAddresses()).stream().anyMatch(address -> kind.isInstance(address)
                    && (kind == Inet4Address.class || address.isLinkLocalAddress()))) {
                faces.add(face);
            }
        }
        return faces;
    }

    private void announce() {
        lastAnnouncedNanos.set(System.nanoTime());
        ByteBuffer datagram = ByteBuffer.wrap(self.encode());
        for (Sender sender : senders) {
            try {
                sender.channel().send(datagram.duplicate(), sender.group());
            } catch (IOException e) {
                // An interface that went down, or has no usable address yet: the next interval tries again.
                LOG.debug("cannot announce on an interface: {}", e.getMessage());
            }
        }
    }

    private void listen(DatagramChannel receiver) {
        ByteBuffer buffer = ByteBuffer.allocate(Announcement.MAX_BYTES + 1);
        while (!closed) {
            buffer.clear();
            InetSocketAddress source;
            try {
                source = (InetSocketAddress) receiver.receive(buffer);
            } catch (ClosedChannelException stopped) {
                return;
            } catch (IOException e) {
                LOG.debug("receiving an announcement failed: {}", e.getMessage());
                continue;
            }
            try {
                heard(Announcement.decode(buffer.array(), buffer.position()), source);
            } catch (MalformedMessageException | RuntimeException e) {
                nearby.countMalformed();
                LOG.debug("dropped a datagram from {} that is not an announcement: {}", source, e.getMessage());
            }
        }
    }

    private void heard(Announcement announcement, InetSocketAddress source) {
        if (announcement.nodeId().equals(self.nodeId())) {
            return;
        }
        long now = System.nanoTime();
        NearbyNodes.Change change = nearby.heard(announcement, source.getAddress().getHostAddress(), now);
        // Every time, not only on a change: a node added as a peer after it was first heard learns its addresses too.
        nearby.find(new NodeId(announcement.nodeId()), now).ifPresent(onHeard);
        if (change == NearbyNodes.Change.NEW_NODE && now - lastAnnouncedNanos.get() > REANNOUNCE_NANOS && !closed) {
            // So that the newcomer hears of this node now, not an interval later.
            announcer.execute(this::announce);
        }
    }

    public NearbyNodes nearby() {
        return nearby;
    }

    @Override
    public void close() {
        closed = true;
        announcer.shutdownNow();
        for (DatagramChannel receiver : receivers) {
            try {
                receiver.close();
            } catch (IOException ignored) {
                // Closing: nothing left to receive.
            }
        }
        for (Sender sender : senders) {
            try {
                sender.channel().close();
            } catch (IOException ignored) {
                // Closing: nothing left to send.
            }
        }
        listeners.forEach(Thread::interrupt);
    }

    /** An announcement of this node: its instance number changes at every start. */
    public static Announcement announcementOf(String nodeId, String name, int port, int protocolVersion) {
        return new Announcement(nodeId, name, List.of(port), protocolVersion, System.currentTimeMillis());
    }
}
