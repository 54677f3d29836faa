package dev.nectar.ft.identity;

import dev.nectar.ft.home.HostPort;
import java.util.List;

/**
 * A node in our address book: the name we call it, the node id it must prove, where to look for it, and the
 * relays to ask for it when none of its addresses answers.
 */
public record Peer(String name, NodeId nodeId, List<HostPort> addresses, List<HostPort> relays) {
    public Peer {
        addresses = List.copyOf(addresses);
        relays = List.copyOf(relays);
    }

    public Peer(String name, NodeId nodeId, List<HostPort> addresses) {
        this(name, nodeId, addresses, List.of());
    }

    public static Peer of(String name, Ticket ticket) {
        return new Peer(name, ticket.nodeId(), ticket.addresses(), ticket.relays());
    }
}
