package dev.nectar.ft.net;

import dev.nectar.ft.home.HostPort;
import dev.nectar.ft.identity.NodeId;
import dev.nectar.ft.identity.Ticket;
import dev.nectar.ft.wire.WireFrame;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relays this node registers with: for each, a virtual thread keeps a link up and registered, asks again
 * every minute (so that a relay gone without a word is noticed), and reconnects with backoff when the link is
 * lost or refused.
 */
public final class RelayRegistrations implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RelayRegistrations.class);
    private static final long ANSWER_TIMEOUT_SECONDS = 15;
    private static final long RENEW_SECONDS = 60;
    private static final long MAX_BACKOFF_SECONDS = 30;
    /** Relay addresses put in a ticket or a Hello, over all relays: a ticket stays short enough to paste. */
    private static final int MAX_ROUTES = 4;

    /** One relay as the owner sees it: registered now, or the last trouble. */
    public record Status(Ticket relay, boolean registered, String problem) {}

    /** Keeps the owner's choice of relays (in config.toml) after every change. */
    @FunctionalInterface
    public interface Saver {
        void save(List<Ticket> relays) throws IOException;
    }

    private final Network network;
    private final Map<NodeId, Registration> byRelay = new LinkedHashMap<>();
    private Saver saver = relays -> {};

    RelayRegistrations(Network network) {
        this.network = network;
    }

    /** Registers with exactly these relays from now on: new ones start, dropped ones stop. */
    public synchronized void use(List<Ticket> relays) {
        List<NodeId> wanted = relays.stream().map(Ticket::nodeId).toList();
        byRelay.entrySet().removeIf(entry -> {
            if (!wanted.contains(entry.getKey())) {
                entry.getValue().stop();
                return true;
            }
            return false;
        });
        for (Ticket relay : relays) {
            Registration existing = byRelay.get(relay.nodeId());
            if (existing == null || !existing.relay.equals(relay)) {
                if (existing != null) {
                    existing.stop();
                }
                Registration registration = new Registration(relay);
                byRelay.put(relay.nodeId(), registration);
                registration.thread = Thread.ofVirtual().name("relay-" + relay.name()).start(registration::run);
            }
        }
    }

    public synchronized void saveWith(Saver newSaver) {
        saver = newSaver;
    }

    /** Adds a relay, or replaces the one with the same node id; saved, then used at once. */
    public synchronized Ticket add(Ticket relay) throws IOException {
        if (relay.nodeId().equals(network.nodeId())) {
            throw new IllegalArgumentException("that is this node's own ticket: a node cannot relay for itself");
        }
        List<Ticket> relays = new ArrayList<>(tickets());
        relays.removeIf(existing -> existing.nodeId().equals(relay.nodeId()));
        if (relays.stream().anyMatch(existing -> existing.name().equals(relay.name()))) {
            throw new IllegalArgumentException("a relay named '" + relay.name() + "' is already used; remove it first");
        }
        relays.add(relay);
        saver.save(relays);
        use(relays);
        return relay;
    }

    /** Stops using the relay called {@code nameOrId}; false if there is none. */
    public synchronized boolean remove(String nameOrId) throws IOException {
        List<Ticket> relays = new ArrayList<>(tickets());
        if (!relays.removeIf(relay -> relay.name().equals(nameOrId) || relay.nodeId().value().equals(nameOrId))) {
            return false;
        }
        saver.save(relays);
        use(relays);
        return true;
    }

    private List<Ticket> tickets() {
        return byRelay.values().stream().map(registration -> registration.relay).toList();
    }

    public synchronized List<Status> status() {
        return byRelay.values().stream().map(registration -> new Status(registration.relay, registration.registered,
                registration.problem)).toList();
    }

    /** The addresses of the relays this node uses, as put in its ticket and Hello. */
    public synchronized List<HostPort> routes() {
        return routesOf(tickets());
    }

    /** The relay addresses a ticket names for these relays: a few, so that it stays short enough to paste. */
    public static List<HostPort> routesOf(List<Ticket> relays) {
        List<HostPort> routes = new ArrayList<>();
        relays.forEach(relay -> routes.addAll(relay.addresses().stream().limit(2).toList()));
        return routes.stream().distinct().limit(MAX_ROUTES).toList();
    }

    /**
     * Where to open a session connection to the relay at the other end of {@code relayLink}, or empty when this
     * node does not use it: where this node reached it, or, for a link the relay opened (from a port nobody
     * listens on), the first address of its ticket.
     */
    synchronized Optional<HostPort> sessionAddress(Link relayLink) {
        Registration registration = byRelay.get(relayLink.remoteId());
        if (registration == null) {
            return Optional.empty();
        }
        return Optional.of(relayLink.isOutgoing() ? HostPort.of((InetSocketAddress) relayLink.channel().remoteAddress())
                : registration.relay.addresses().getFirst());
    }

    synchronized void onReply(Link link, WireFrame.RelayReply reply) {
        Registration registration = byRelay.get(link.remoteId());
        if (registration != null) {
            registration.answer.complete(reply);
        }
    }

    @Override
    public synchronized void close() {
        byRelay.values().forEach(Registration::stop);
        byRelay.clear();
    }

    private final class Registration {
        private final Ticket relay;
        private volatile boolean registered;
        private volatile String problem = "connecting";
        private volatile boolean stopped;
        private volatile CompletableFuture<WireFrame.RelayReply> answer = new CompletableFuture<>();
        private Thread thread;

        Registration(Ticket relay) {
            this.relay = relay;
        }

        void run() {
            int failures = 0;
            while (!stopped) {
                try {
                    Link link = network.linkTo(relay.nodeId(), relay.addresses(), List.of()).get(ANSWER_TIMEOUT_SECONDS * 2, TimeUnit.SECONDS);
                    while (!stopped && link.isOpen()) {
                        WireFrame.RelayReply reply = register(link);
                        if (!reply.accepted()) {
                            throw new ExecutionException(new LinkException(LinkException.Reason.CLOSED, "refused: " + reply.text()));
                        }
                        if (!registered) {
                            LOG.info("registered with relay {} at {}", reply.text(), link);
                        }
                        registered = true;
                        problem = null;
                        failures = 0;
                        link.channel().closeFuture().await(TimeUnit.SECONDS.toMillis(RENEW_SECONDS));
                    }
                    if (registered) {
                        LOG.info("lost the link to relay {}; registering again", relay.name());
                    }
                    registered = false;
                    problem = "the link to the relay was lost";
                } catch (InterruptedException e) {
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    registered = false;
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    problem = cause instanceof TimeoutException || e instanceof TimeoutException ? "no answer within "
                            + ANSWER_TIMEOUT_SECONDS + " s" : String.valueOf(cause.getMessage());
                    if (failures == 0) {
                        LOG.warn("cannot register with relay {}: {}", relay.name(), problem);
                    }
                }
                try {
                    TimeUnit.SECONDS.sleep(Math.min(MAX_BACKOFF_SECONDS, 1L << Math.min(failures++, 5)));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private WireFrame.RelayReply register(Link link) throws InterruptedException, ExecutionException, TimeoutException {
            answer = new CompletableFuture<>();
            link.channel().writeAndFlush(new WireFrame.RelayRegister());
            try {
                return answer.get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                // A relay that keeps the connection but does not answer is as good as gone: start afresh.
                link.close();
                throw e;
            }
        }

        void stop() {
            stopped = true;
            registered = false;
            if (thread != null) {
                thread.interrupt();
            }
        }
    }
}
