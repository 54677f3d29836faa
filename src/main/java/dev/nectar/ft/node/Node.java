package dev.nectar.ft.node;

import dev.nectar.ft.api.ApiServer;
import dev.nectar.ft.api.ApiToken;
import dev.nectar.ft.home.Home;
import dev.nectar.ft.home.HostPort;
import dev.nectar.ft.home.Limits;
import dev.nectar.ft.home.NodeConfig;
import dev.nectar.ft.home.RunningNode;
import dev.nectar.ft.identity.AddressBook;
import dev.nectar.ft.identity.NodeId;
import dev.nectar.ft.identity.NodeIdentity;
import dev.nectar.ft.identity.Peer;
import dev.nectar.ft.identity.Ticket;
import dev.nectar.ft.net.LanDiscovery;
import dev.nectar.ft.net.Link;
import dev.nectar.ft.net.NearbyNodes;
import dev.nectar.ft.net.Network;
import dev.nectar.ft.net.RateLimits;
import dev.nectar.ft.process.Kernel;
import dev.nectar.ft.process.OnExit;
import dev.nectar.ft.storage.ContentIndex;
import dev.nectar.ft.storage.ManifestCache;
import dev.nectar.ft.transfer.AccessControl;
import dev.nectar.ft.transfer.DownloadQueue;
import dev.nectar.ft.transfer.FileTransferProcess;
import dev.nectar.ft.transfer.FolderDownloads;
import dev.nectar.ft.transfer.HeldContent;
import dev.nectar.ft.transfer.JournalStore;
import dev.nectar.ft.transfer.ReceiveWindow;
import dev.nectar.ft.transfer.SenderSlots;
import dev.nectar.ft.transfer.TransferHistory;
import dev.nectar.ft.transfer.TransferRegistry;
import dev.nectar.ft.vfs.Drive;
import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.WireFrame;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running node: its links, its processes and its local API, assembled from a home directory. */
public final class Node implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Node.class);
    /** Addresses kept per peer: a laptop seen on a few networks, not a list that grows forever. */
    private static final int MAX_PEER_ADDRESSES = 8;
    /** How often the public drive is scanned for files to offer swarms: a scan that finds nothing new only reads the hash index. */
    private static final Duration INDEX_SCAN_INTERVAL = Duration.ofMinutes(1);
    private static final Duration JOURNALS_READ = Duration.ofSeconds(30);

    private final Home home;
    private final NodeIdentity identity;
    private final NodeConfig config;
    private final AddressBook addressBook;
    private final Network network;
    private final Kernel kernel;
    private final ApiServer api;
    private final TransferRegistry registry;
    /** Null when discovery is off. */
    private final LanDiscovery discovery;
    private final ContentIndex index;
    private final IdleCollection idleCollection;
    private final TransferHistory history;

    private Node(Home home, NodeIdentity identity, NodeConfig config, AddressBook addressBook, Network network, Kernel kernel,
                 ApiServer api, TransferRegistry registry, LanDiscovery discovery, ContentIndex index, IdleCollection idleCollection,
                 TransferHistory history) {
        this.discovery = discovery;
        this.history = history;
        this.index = index;
        this.idleCollection = idleCollection;
        this.home = home;
        this.identity = identity;
        this.config = config;
        this.addressBook = addressBook;
        this.network = network;
        this.kernel = kernel;
        this.api = api;
        this.registry = registry;
    }

    /** Starts the node of {@code home}; the listen and API addresses override the config when given. */
    public static Node start(Home home, HostPort listen, HostPort apiAddress) throws IOException {
        return start(home, listen, apiAddress, true, false);
    }

    /**
     * As {@link #start(Home, HostPort, HostPort)}; without {@code discoveryAllowed} it neither announces nor listens on
     * the LAN, and with {@code relay} it relays for others whatever the config says.
     */
    public static Node start(Home home, HostPort listen, HostPort apiAddress, boolean discoveryAllowed, boolean relay) throws IOException {
        if (!home.isInitialized()) {
            throw new IOException("no node in " + home + ": run `ft init` first");
        }
        NodeIdentity identity = NodeIdentity.load(home);
        NodeConfig config = NodeConfig.load(home);
        List<String> unknownSettings = NodeConfig.unknownSettings(home);
        if (!unknownSettings.isEmpty()) {
            LOG.warn("{} has settings this node does not know, ignored: {}", home.config(), String.join(", ", unknownSettings));
        }
        AddressBook addressBook = AddressBook.load(home);
        Drive drive = Drive.open(home.publicDrive());
        List<Ticket> relays = relayTickets(config);
        Network network = new Network(identity, config.name(), config.limits());
        Kernel kernel = new Kernel(identity.nodeId(), network, addressBook);
        LanDiscovery discovery = null;
        ContentIndex index = null;
        IdleCollection idleCollection = null;
        TransferHistory history = null;
        try {
            if (relay || config.relay()) {
                network.serveAsRelay(config.limits());
            }
            network.onLinkUp(link -> learn(addressBook, link));
            network.relays().use(relays);
            network.relays().saveWith(chosen -> NodeConfig.load(home).withRelays(chosen.stream().map(Ticket::encode).toList()).save(home));
            HostPort listening = network.listen(listen != null ? listen : config.listenAddress(), kernel);
            NearbyNodes nearby = new NearbyNodes(config.limits().nearbyNodes(), config.discoveryInterval().multipliedBy(3));
            if (config.discovery() && discoveryAllowed) {
                discovery = startDiscovery(listening, identity, config, nearby, addressBook);
            }
            history = TransferHistory.open(home.transferHistory(), TransferRegistry.MAX_FINISHED);
            TransferRegistry registry = new TransferRegistry(history.earlier(), history);
            idleCollection = IdleCollection.of(registry);
            ManifestCache manifests = new ManifestCache(home.hashIndex());
            index = new ContentIndex(drive, manifests);
            if (config.swarm()) {
                index.scanEvery(INDEX_SCAN_INTERVAL);
            }
            HeldContent held = new HeldContent(drive, manifests, index, config.swarm());
            AccessControl access = accessControl(home, config);
            Limits limits = config.limits();
            var setup = new FileTransferProcess.Setup(drive, manifests, held, registry, new DownloadQueue(limits.activeDownloads()),
                    new ReceiveWindow(), new JournalStore(home.journals()), new FolderDownloads(), access, new SenderSlots(limits.transfersPerPeer(), limits.transfersTotal()),
                    new RateLimits<>(limits.requestsPerPeerPerSecond()), config.stallTimeout(), config.retryDeadline());
            kernel.spawn(Address.MAIN_PROCESS, () -> new FileTransferProcess(setup), OnExit.RESTART);
            awaitJournals(setup.queue());
            Supplier<Ticket> ticket = () -> new Ticket(config.name(), identity.nodeId(), network.advertisedAddresses(),
                    network.relays().routes());
            ApiServer api = ApiServer.start(apiAddress != null ? apiAddress : config.apiAddress(), ApiToken.load(home),
                    config.name(), ticket, addressBook, network, kernel, registry, access, drive, nearby, discovery != null);
            Node node = new Node(home, identity, config, addressBook, network, kernel, api, registry, discovery, index, idleCollection, history);
            new RunningNode(ProcessHandle.current().pid(), api.address().toString(),
                    network.advertisedAddresses().stream().map(HostPort::toString).toList()).save(home);
            return node;
        } catch (IOException | RuntimeException e) {
            if (discovery != null) {
                discovery.close();
            }
            if (index != null) {
                index.close();
            }
            if (idleCollection != null) {
                idleCollection.close();
            }
            kernel.close();
            network.close();
            if (history != null) {
                history.close();
            }
            throw e;
        }
    }

    /** The API starts once the main process has read the journals: `ft transfers` then shows what is being resumed. */
    private static void awaitJournals(DownloadQueue queue) {
        try {
            if (!queue.awaitJournalsRead(JOURNALS_READ)) {
                LOG.warn("the journals were not read within {} s; the API starts without some resumed downloads", JOURNALS_READ.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<Ticket> relayTickets(NodeConfig config) throws IOException {
        try {
            return Ticket.decodeConfiguredRelays(config.relays());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * A peer's own Hello says where it listens and which relays it uses now: a laptop that moved is found again
     * without a new ticket. Its addresses the book lacks go after the ones it has (up to a few), as with nearby
     * nodes: hints, never a replacement for an address the owner gave (a tunnel, a proxy); its relays replace the
     * book's.
     */
    private static void learn(AddressBook addressBook, Link link) {
        addressBook.find(link.remoteId()).ifPresent(peer -> {
            List<HostPort> addresses = new ArrayList<>(peer.addresses());
            addresses.addAll(unknownTo(peer, link.advertisedAddresses()));
            List<HostPort> kept = addresses.stream().limit(MAX_PEER_ADDRESSES).toList();
            if (kept.equals(peer.addresses()) && link.advertisedRelays().equals(peer.relays())) {
                return;
            }
            // Off the network thread: the address book writes a file.
            Thread.ofVirtual().start(() -> {
                try {
                    addressBook.add(new Peer(peer.name(), peer.nodeId(), kept, link.advertisedRelays()));
                    LOG.info("peer {} now at {}{}", peer.name(), kept, link.advertisedRelays().isEmpty() ? ""
                            : " and through relays " + link.advertisedRelays());
                } catch (IOException | IllegalArgumentException e) {
                    LOG.warn("cannot update the addresses of {}: {}", peer.name(), e.getMessage());
                }
            });
        });
    }

    /** Discovery that cannot start (no multicast where the node listens) leaves the node running without it. */
    private static LanDiscovery startDiscovery(HostPort listening, NodeIdentity identity, NodeConfig config, NearbyNodes nearby,
                                               AddressBook addressBook) {
        try {
            return LanDiscovery.start(listening, LanDiscovery.announcementOf(identity.nodeId().value(), config.name(), listening.port(),
                    WireFrame.PROTOCOL_VERSION), nearby, config.discoveryInterval(), heard -> learn(addressBook, heard));
        } catch (IOException | RuntimeException e) {
            LOG.warn("nearby nodes are not announced or heard: {}", e.getMessage());
            return null;
        }
    }

    /** A peer heard nearby at an address the book lacks gets it too, after the ones it has: a hint, never a replacement. */
    private static void learn(AddressBook addressBook, NearbyNodes.Nearby heard) {
        addressBook.find(heard.nodeId()).ifPresent(peer -> {
            List<HostPort> fresh = unknownTo(peer, heard.addresses());
            if (fresh.isEmpty() || peer.addresses().size() + fresh.size() > MAX_PEER_ADDRESSES) {
                return;
            }
            List<HostPort> addresses = new ArrayList<>(peer.addresses());
            addresses.addAll(fresh);
            try {
                addressBook.add(new Peer(peer.name(), peer.nodeId(), addresses, peer.relays()));
                LOG.info("peer {} heard nearby at {}: added to its addresses", peer.name(), fresh);
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("cannot add {} to the addresses of {}: {}", fresh, peer.name(), e.getMessage());
            }
        });
    }

    /** The addresses of {@code heard} that the peer's entry lacks, in the order heard. */
    private static List<HostPort> unknownTo(Peer peer, List<HostPort> heard) {
        return heard.stream().filter(address -> !peer.addresses().contains(address)).distinct().toList();
    }

    /** The access settings of the config, saved back to it (re-read, so that other edits survive) on every change. */
    private static AccessControl accessControl(Home home, NodeConfig config) {
        List<NodeId> allowed = config.allow().stream().map(NodeId::new).toList();
        return new AccessControl(AccessControl.Mode.parse(config.access()), allowed, (mode, ids) ->
                NodeConfig.load(home).withAccess(mode.toString(), ids.stream().map(NodeId::value).toList()).save(home));
    }

    public Home home() {
        return home;
    }

    public NodeIdentity identity() {
        return identity;
    }

    public String name() {
        return config.name();
    }

    public Ticket ticket() {
        return new Ticket(config.name(), identity.nodeId(), network.advertisedAddresses(), network.relays().routes());
    }

    public List<HostPort> listenAddresses() {
        return network.advertisedAddresses();
    }

    public HostPort apiAddress() {
        return api.address();
    }

    /** A one-time link that logs a browser into the web UI. */
    public String uiLoginLink() {
        return api.loginLink();
    }

    public AddressBook addressBook() {
        return addressBook;
    }

    public Kernel kernel() {
        return kernel;
    }

    public Network network() {
        return network;
    }

    public TransferRegistry transfers() {
        return registry;
    }

    @Override
    public void close() {
        if (discovery != null) {
            discovery.close();
        }
        index.close();
        idleCollection.close();
        api.close();
        kernel.close();
        network.close();
        history.close();
        try {
            RunningNode.remove(home);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", home.runningNode(), e.getMessage());
        }
    }
}
