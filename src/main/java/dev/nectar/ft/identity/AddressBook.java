package dev.nectar.ft.identity;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.nectar.ft.home.AtomicFile;
import dev.nectar.ft.home.HostPort;
import dev.nectar.ft.home.Home;
import dev.nectar.ft.home.NodeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The peers this node knows by name, saved in {@code peers.json} after every change. */
public final class AddressBook {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** {@code relays} is absent from books written before relays existed. */
    private record StoredPeer(String name, String id, List<String> addrs, List<String> relays) {}

    private final Path file;
    private final Map<String, Peer> byName = new LinkedHashMap<>();

    private AddressBook(Path file) {
        this.file = file;
    }

    public static AddressBook load(Home home) throws IOException {
        AddressBook book = new AddressBook(home.peers());
        if (Files.exists(book.file)) {
            try {
                List<StoredPeer> stored = JSON.readValue(book.file.toFile(), new TypeReference<List<StoredPeer>>() {});
                for (StoredPeer peer : stored) {
                    List<HostPort> addresses = peer.addrs().stream().map(HostPort::parse).toList();
                    List<HostPort> relays = peer.relays() == null ? List.of() : peer.relays().stream().map(HostPort::parse).toList();
                    book.byName.put(peer.name(), new Peer(peer.name(), new NodeId(peer.id()), addresses, relays));
                }
            } catch (IOException | RuntimeException e) {
                throw new IOException("cannot read the address book " + book.file + ": " + e.getMessage(), e);
            }
        }
        return book;
    }

    public synchronized List<Peer> all() {
        return byName.values().stream().sorted(Comparator.comparing(Peer::name)).toList();
    }

    /** The peer called {@code nameOrId}, or whose node id is {@code nameOrId}. */
    public synchronized Optional<Peer> find(String nameOrId) {
        Peer named = byName.get(nameOrId);
        if (named != null) {
            return Optional.of(named);
        }
        return byName.values().stream().filter(peer -> peer.nodeId().value().equals(nameOrId)).findFirst();
    }

    public synchronized Optional<Peer> find(NodeId id) {
        return byName.values().stream().filter(peer -> peer.nodeId().equals(id)).findFirst();
    }

    /**
     * Adds a peer, or updates the one with the same node id (its name and addresses). A name already given to
     * another node id is refused rather than silently repointed.
     */
    public synchronized Peer add(Peer peer) throws IOException {
        NodeConfig.requireValidName(peer.name());
        Peer holder = byName.get(peer.name());
        if (holder != null && !holder.nodeId().equals(peer.nodeId())) {
            throw new IllegalArgumentException("the name '" + peer.name() + "' is already used by node "
                    + holder.nodeId().shortForm() + "; choose another with --as NAME or remove it first");
        }
        Map<String, Peer> before = new LinkedHashMap<>(byName);
        byName.values().removeIf(existing -> existing.nodeId().equals(peer.nodeId()));
        byName.put(peer.name(), peer);
        saveOrRestore(before);
        return peer;
    }

    /** Removes the peer called {@code name}; false if there is none. */
    public synchronized boolean remove(String name) throws IOException {
        Map<String, Peer> before = new LinkedHashMap<>(byName);
        if (byName.remove(name) == null) {
            return false;
        }
        saveOrRestore(before);
        return true;
    }

    private void saveOrRestore(Map<String, Peer> before) throws IOException {
        List<StoredPeer> stored = new ArrayList<>();
        for (Peer peer : byName.values()) {
            stored.add(new StoredPeer(peer.name(), peer.nodeId().value(),
                    peer.addresses().stream().map(HostPort::toString).toList(),
                    peer.relays().stream().map(HostPort::toString).toList()));
        }
        try {
            AtomicFile.write(file, JSON.writeValueAsBytes(stored));
        } catch (IOException e) {
            byName.clear();
            byName.putAll(before);
            throw e;
        }
    }
}
