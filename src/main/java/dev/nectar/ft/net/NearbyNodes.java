package dev.nectar.ft.net;

import dev.nectar.ft.home.HostPort;
import dev.nectar.ft.identity.NodeId;
import dev.nectar.ft.wire.Announcement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The nodes heard on the local network lately, by node id: the name each announced and the addresses it was heard
 * at (a node on two interfaces, or on IPv4 and IPv6, is heard at both). Bounded: past its capacity the node heard
 * least recently is forgotten; a node, or one of its addresses, not heard for the expiry is gone.
 */
public final class NearbyNodes {
    /** Addresses kept per node: one per interface and family it announces on, in practice two or three. */
    private static final int MAX_ADDRESSES = 8;

    /** One node as last heard: where it can be dialed (most recently heard first), and when. */
    public record Nearby(NodeId nodeId, String name, List<HostPort> addresses, long heardAtNanos) {}

    /** What a new announcement changed. */
    public enum Change { NEW_NODE, NEW_ADDRESS, NONE }

    private record Heard(String name, Map<HostPort, Long> addresses, long heardAtNanos) {}

    private final int capacity;
    private final Duration expiry;
    private final Map<NodeId, Heard> nodes = new HashMap<>();
    private final AtomicLong malformed = new AtomicLong();

    public NearbyNodes(int capacity, Duration expiry) {
        this.capacity = capacity;
        this.expiry = expiry;
    }

    /** Records {@code announcement}, heard from {@code host}, and says what it changed. */
    public synchronized Change heard(Announcement announcement, String host, long nowNanos) {
        NodeId id = new NodeId(announcement.nodeId());
        Heard before = nodes.get(id);
        boolean known = before != null && !expired(before.heardAtNanos(), nowNanos);
        Map<HostPort, Long> addresses = new LinkedHashMap<>();
        if (known) {
            before.addresses().forEach((address, at) -> {
                if (!expired(at, nowNanos)) {
                    addresses.put(address, at);
                }
            });
        }
        boolean fresh = false;
        for (int port : announcement.ports()) {
            fresh |= addresses.put(new HostPort(host, port), nowNanos) == null;
        }
        while (addresses.size() > MAX_ADDRESSES) {
            addresses.entrySet().stream().min(Map.Entry.comparingByValue()).map(Map.Entry::getKey).ifPresent(addresses::remove);
        }
        nodes.put(id, new Heard(announcement.name(), addresses, nowNanos));
        while (nodes.size() > capacity) {
            nodes.entrySet().stream().min(Comparator.comparingLong(entry -> entry.getValue().heardAtNanos()))
                    .map(Map.Entry::getKey).ifPresent(nodes::remove);
        }
        return !known ? Change.NEW_NODE : fresh ? Change.NEW_ADDRESS : Change.NONE;
    }

    /** The nodes heard within the expiry, most recently heard first. */
    public synchronized List<Nearby> current(long nowNanos) {
        nodes.values().removeIf(node -> expired(node.heardAtNanos(), nowNanos));
        List<Nearby> list = new ArrayList<>();
        nodes.forEach((id, node) -> list.add(nearby(id, node, nowNanos)));
        list.sort(Comparator.comparingLong(Nearby::heardAtNanos).reversed());
        return list;
    }

    /** What is known of {@code id}, if it was heard within the expiry. */
    public synchronized Optional<Nearby> find(NodeId id, long nowNanos) {
        Heard node = nodes.get(id);
        return node == null || expired(node.heardAtNanos(), nowNanos) ? Optional.empty() : Optional.of(nearby(id, node, nowNanos));
    }

    private Nearby nearby(NodeId id, Heard node, long nowNanos) {
        return new Nearby(id, node.name(), node.addresses().entrySet().stream()
                .filter(address -> !expired(address.getValue(), nowNanos))
                .sorted(Map.Entry.<HostPort, Long>comparingByValue().reversed()).map(Map.Entry::getKey).toList(), node.heardAtNanos());
    }

    private boolean expired(long heardAtNanos, long nowNanos) {
        return nowNanos - heardAtNanos > expiry.toNanos();
    }

    /** A datagram that was not an announcement: dropped and counted. */
    public void countMalformed() {
        malformed.incrementAndGet();
    }

    public long malformed() {
        return malformed.get();
    }
}
