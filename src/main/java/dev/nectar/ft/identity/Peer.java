package dev.nectar.ft.identity;

import dev.nectar.ft.home.HostPort;
import java.util.List;

/** A node in our address book: the name we call it, the node id it must prove, and where to look for it. */
public record Peer(String name, NodeId nodeId, List<HostPort> addresses) {
    public Peer {
        addresses = List.copyOf(addresses);
    }
}
