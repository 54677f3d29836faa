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
import java.nio.channels.MembershipKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds nodes on the local network without tickets: announces this node by UDP multicast to a group of the local
 * network control block (which routers do not forward), every interval, at start and soon after a new node is
 * heard; and listens for the announcements of others. Only on the interfaces of the listen address: a node that
 * listens on 127.0.0.1 announces on loopback only, one that listens on every address on every interface that is
 * up and can multicast; IPv6 link-local too where it listens on IPv6 ({@code [::]} included). Those interfaces are
 * looked at again every few seconds: one that comes up later (a laptop that joins a network after its node
 * started) is announced on at once, one that went is left.
 */
public final class LanDiscovery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LanDiscovery.class);
    public static final int PORT = 7790;
    /** Unassigned in 224.0.0.0/24, the block that stays on the local link. */
    public static final String GROUP = "224.0.0.170";
    /** The same on IPv6, link-local scope. */
    public static final String GROUP6 = "ff02::7790";
    /**
     * A new node makes this node announce itself again, but not more often than this: one heard sooner after the last
     * announcement is answered when this much has passed since it.
     */
    private static final long REANNOUNCE_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** How often the interfaces are looked at again (or every interval, if that is shorter). */
    private static final Duration RESCAN = Duration.ofSeconds(5);

    private final Announcement self;
    private final NearbyNodes nearby;
    private final Consumer<NearbyNodes.Nearby> onHeard;
    private final List<Listening> families;
    private final ScheduledExecutorService announcer;
    private final AtomicLong lastAnnouncedNanos = new AtomicLong();
    /** An announcement for the newcomers heard lately is scheduled: more of them are answered by it. */
    private final AtomicBoolean answerScheduled = new AtomicBoolean();
    /** Interfaces whose group could not be joined, said once each in the log. */
    private final Set<String> unjoinable = new HashSet<>();
    private final List<Thread> listeners;
    private volatile boolean closed;

    private LanDiscovery(Announcement self, NearbyNodes nearby, Consumer<NearbyNodes.Nearby> onHeard, List<Listening> families) {
        this.self = self;
        this.nearby = nearby;
        this.onHeard = onHeard;
        this.families = families;
        this.announcer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("lan-announcer").factory());
        this.listeners = families.stream()
                .map(family -> Thread.ofVirtual().name("lan-listener").unstarted(() -> listen(family.receiver()))).toList();
    }

    /** The interfaces a family announces on, as they are now. */
    private interface Interfaces {
        List<NetworkInterface> now() throws IOException;
    }

    /** One address family's part: its group and the interfaces it announces on. */
    private record Family(StandardProtocolFamily family, InetAddress group, Interfaces interfaces) {}

    /**
     * An interface a family listens and announces on: the group joined there, and the socket that announces to the
     * group there. That socket is not connected: connecting picks the source address once, and fails while the
     * interface has no usable one yet (an IPv6 link-local address for the second or so of its duplicate address
     * detection after the link comes up), which would leave a node started then unheard for good. Unconnected, each
     * announcement picks its source, and one sent before there is any fails alone.
     */
    private record Joined(NetworkInterface face, MembershipKey membership, DatagramChannel sender, InetSocketAddress group) {}

    /**
     * A family's listening socket and the interfaces it has joined, by name and index. Interfaces come and go (a laptop
     * joins a network after its node started, a cable is pulled), so they are looked at again every few seconds.
     */
    private record Listening(Family family, DatagramChannel receiver, Map<String, Joined> joined) {}

    /**
     * Starts announcing {@code self} and listening on the interfaces of {@code listen}; {@code onHeard} hears of every
     * announcement of another node, with all that is known of that node.
     */
    public static LanDiscovery start(HostPort listen, Announcement self, NearbyNodes nearby, Duration interval,
                                     Consumer<NearbyNodes.Nearby> onHeard) throws IOException {
        List<Listening> families = new ArrayList<>();
        try {
            for (Family family : familiesOf(listen)) {
                DatagramChannel receiver = DatagramChannel.open(family.family()).setOption(StandardSocketOptions.SO_REUSEADDR, true);
                families.add(new Listening(family, receiver, new HashMap<>()));
                // Bound to the IPv4 group, the socket takes only the group's datagrams; IPv6 binds the port, as a
                // link-local group cannot be bound without naming one interface.
                receiver.bind(family.family() == StandardProtocolFamily.INET ? new InetSocketAddress(family.group(), PORT)
                        : new InetSocketAddress(PORT));
            }
        } catch (IOException | RuntimeException e) {
            for (Listening family : families) {
                family.receiver().close();
            }
            throw e;
        }
        LanDiscovery discovery = new LanDiscovery(self, nearby, onHeard, families);
        discovery.rescan();
        discovery.listeners.forEach(Thread::start);
        discovery.announcer.scheduleAtFixedRate(discovery::announce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        long rescan = Math.min(interval.toMillis(), RESCAN.toMillis());
        discovery.announcer.scheduleWithFixedDelay(() -> {
            if (discovery.rescan()) {
                discovery.announce();
            }
        }, rescan, rescan, TimeUnit.MILLISECONDS);
        return discovery;
    }

    /**
     * Joins the group on interfaces that came up and leaves it on those that went; true if it joined any. Says where
     * this node is announced whenever that changed.
     */
    private synchronized boolean rescan() {
        boolean added = false;
        boolean changed = false;
        Set<String> present = new HashSet<>();
        for (Listening listening : families) {
            Family family = listening.family();
            Map<String, NetworkInterface> now = new HashMap<>();
            try {
                for (NetworkInterface face : family.interfaces().now()) {
                    now.put(face.getName() + "#" + face.getIndex(), face);
                }
            } catch (IOException e) {
                LOG.debug("cannot list the network interfaces: {}", e.getMessage());
                continue;
            }
            now.keySet().forEach(key -> present.add(family.family() + " " + key));
            for (var gone = listening.joined().entrySet().iterator(); gone.hasNext(); ) {
                Map.Entry<String, Joined> entry = gone.next();
                if (!now.containsKey(entry.getKey())) {
                    leave(entry.getValue());
                    gone.remove();
                    changed = true;
                }
            }
            for (Map.Entry<String, NetworkInterface> face : now.entrySet()) {
                if (listening.joined().containsKey(face.getKey())) {
                    continue;
                }
                try {
                    listening.joined().put(face.getKey(), join(listening, face.getValue()));
                    added = true;
                    changed = true;
                } catch (IOException e) {
                    if (unjoinable.add(family.family() + " " + face.getKey())) {
                        LOG.warn("nearby nodes are not announced or heard on {} ({}), tried again every few seconds: {}",
                                face.getValue().getName(), family.family(), e.getMessage());
                    }
                }
            }
        }
        // An interface that went may come back under its name: then its trouble is said again.
        unjoinable.retainAll(present);
        if (changed) {
            LOG.info("announcing this node on {}", where());
        }
        return added;
    }

    private static Joined join(Listening listening, NetworkInterface face) throws IOException {
        Family family = listening.family();
        MembershipKey membership = listening.receiver().join(family.group(), face);
        try {
            return new Joined(face, membership, DatagramChannel.open(family.family())
                    .setOption(StandardSocketOptions.IP_MULTICAST_IF, face)
                    .setOption(StandardSocketOptions.IP_MULTICAST_TTL, 1)
                    .setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true),
                    new InetSocketAddress(scoped(family.group(), face), PORT));
        } catch (IOException | RuntimeException e) {
            membership.drop();
            throw e;
        }
    }

    private static void leave(Joined joined) {
        joined.membership().drop();
        try {
            joined.sender().close();
        } catch (IOException ignored) {
            // Leaving: nothing left to send on it.
        }
    }

    private List<String> where() {
        List<String> where = new ArrayList<>();
        for (Listening listening : families) {
            for (Joined joined : listening.joined().values()) {
                where.add(joined.face().getName() + (listening.family().family() == StandardProtocolFamily.INET ? "" : " (IPv6)"));
            }
        }
        Collections.sort(where);
        return where;
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
            return List.of(host instanceof Inet4Address ? new Family(StandardProtocolFamily.INET, v4, () -> List.of(face))
                    : new Family(StandardProtocolFamily.INET6, v6, () -> List.of(face)));
        }
        List<Family> families = new ArrayList<>();
        families.add(new Family(StandardProtocolFamily.INET, v4, () -> multicastInterfaces(Inet4Address.class)));
        if (host instanceof Inet6Address) {
            families.add(new Family(StandardProtocolFamily.INET6, v6, () -> multicastInterfaces(Inet6Address.class)));
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

    private synchronized void announce() {
        lastAnnouncedNanos.set(System.nanoTime());
        ByteBuffer datagram = ByteBuffer.wrap(self.encode());
        for (Listening listening : families) {
            for (Joined joined : listening.joined().values()) {
                try {
                    joined.sender().send(datagram.duplicate(), joined.group());
                } catch (IOException e) {
                    // An interface that went down, or has no usable address yet: the next interval tries again.
                    LOG.debug("cannot announce on {}: {}", joined.face().getName(), e.getMessage());
                }
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
        if (change == NearbyNodes.Change.NEW_NODE) {
            answerNewcomers(now);
        }
    }

    /**
     * So that a newcomer hears of this node within seconds, not an interval later. Two nodes that start at once each
     * announce before the other listens: the later one's announcement comes moments after the earlier one's, and
     * must still be answered, once the rate allows.
     */
    private void answerNewcomers(long heardNanos) {
        if (closed || !answerScheduled.compareAndSet(false, true)) {
            return;
        }
        long wait = Math.max(0, lastAnnouncedNanos.get() + REANNOUNCE_NANOS - heardNanos);
        try {
            announcer.schedule(() -> {
                answerScheduled.set(false);
                announce();
            }, wait, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            // Closed meanwhile: nobody is to hear of this node any more.
        }
    }

    public NearbyNodes nearby() {
        return nearby;
    }

    @Override
    public synchronized void close() {
        closed = true;
        announcer.shutdownNow();
        for (Listening listening : families) {
            listening.joined().values().forEach(LanDiscovery::leave);
            listening.joined().clear();
            try {
                listening.receiver().close();
            } catch (IOException ignored) {
                // Closing: nothing left to receive.
            }
        }
        listeners.forEach(Thread::interrupt);
    }

    /** An announcement of this node: its instance number changes at every start. */
    public static Announcement announcementOf(String nodeId, String name, int port, int protocolVersion) {
        return new Announcement(nodeId, name, List.of(port), protocolVersion, System.currentTimeMillis());
    }
}
