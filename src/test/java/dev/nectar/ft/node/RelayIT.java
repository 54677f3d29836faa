package dev.nectar.ft.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nectar.ft.home.HostPort;
import dev.nectar.ft.home.Limits;
import dev.nectar.ft.identity.NodeIdentity;
import dev.nectar.ft.identity.Peer;
import dev.nectar.ft.net.RawTlsClient;
import dev.nectar.ft.net.RelayLoad;
import dev.nectar.ft.net.TcpProxy;
import dev.nectar.ft.wire.RelayLine;
import dev.nectar.ft.wire.WireFrame;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Relays on loopback, with nodes in this JVM: a node known only by its relay is listed and downloaded from through
 * it, end to end encrypted; the relay refuses an impostor, refuses sessions over its limit with a reason that says
 * which, and holds a bounded buffer when the reader is slow. Separate hosts that cannot reach each other at all,
 * and a relay killed mid-download, are in {@code netns/RelayNetworkIT}.
 */
class RelayIT {

    private static final int MIB = 1 << 20;
    /** An address where nobody listens: the only way to the node is its relay. */
    private static final HostPort NOWHERE = new HostPort("127.0.0.1", 1);

    Node relay;
    Node bob;
    Node alice;

    /** Starts relay1 with these limits, bob registered with it, and alice. */
    private void start(TestNodes nodes, Limits relayLimits) throws Exception {
        relay = nodes.startRelay("relay1", relayLimits);
        bob = nodes.start("bob");
        alice = nodes.start("alice");
        register(bob, relay);
    }

    /** Registers {@code node} with {@code relay} and waits until the relay has taken it. */
    static void register(Node node, Node relay) throws Exception {
        node.network().relays().add(relay.ticket());
        await().atMost(Duration.ofSeconds(20)).until(() -> node.network().relays().status().getFirst().registered());
    }

    /** Adds {@code target} to {@code asker}'s book as reachable only through {@code relays}. */
    static void knowOnlyByRelay(Node asker, Node target, List<HostPort> relays) throws Exception {
        asker.addressBook().add(new Peer(target.name(), target.identity().nodeId(), List.of(NOWHERE), relays));
    }

    private static JsonNode peer(TestApi api, String name) throws Exception {
        for (JsonNode peer : api.get("/api/peers").body()) {
            if (peer.path("name").asText().equals(name)) {
                return peer;
            }
        }
        throw new AssertionError("no peer " + name);
    }

    @Test
    void aNodeKnownOnlyByItsRelayIsListedAndDownloadedFromThroughIt() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            start(nodes, Limits.DEFAULT);
            assertThat(bob.ticket().relays()).as("bob's ticket names the relay").isEqualTo(relay.listenAddresses());
            knowOnlyByRelay(alice, bob, bob.ticket().relays());
            Sha256.randomFile(bob.home().publicDrive().resolve("photos/big.bin"), 24L * MIB, 5);
            TestApi api = new TestApi(alice);

            assertThat(LinkAuthenticationIT.listFiles(alice, "bob")).contains("photos/big.bin");
            JsonNode done = Downloads.runOne(api, "bob", "photos/big.bin");

            assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("done");
            assertThat(Sha256.of(alice.home().publicDrive().resolve("photos/big.bin")))
                    .isEqualTo(Sha256.of(bob.home().publicDrive().resolve("photos/big.bin")));
            assertThat(peer(api, "bob").path("path").asText()).isEqualTo("via relay1");
            // Bob's Hello told alice where he listens now: the next dial tries it after the address she had.
            await().atMost(Duration.ofSeconds(10)).until(() -> alice.addressBook().find("bob").orElseThrow().addresses()
                    .equals(List.of(NOWHERE, bob.listenAddresses().getFirst())));
            assertThat(alice.addressBook().find("bob").orElseThrow().relays()).isEqualTo(relay.listenAddresses());
            JsonNode load = new TestApi(relay).get("/api/relays").body().path("load");
            assertThat(load.path("nodes").asInt()).isEqualTo(1);
            assertThat(load.path("sessions").asInt()).isEqualTo(1);
            JsonNode relays = new TestApi(bob).get("/api/relays").body().path("relays");
            assertThat(relays.get(0).path("name").asText()).isEqualTo("relay1");
            assertThat(relays.get(0).path("registered").asBoolean()).isTrue();
        }
    }

    @Test
    void aNodePresentingAnotherNodesIdIsRefusedAtTheHandshakeAndTheRealOneStaysReachable() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            start(nodes, Limits.DEFAULT);
            // Mallory has bob's certificate (it is public) but not bob's private key.
            NodeIdentity mallory = NodeIdentity.generate();
            NodeIdentity posingAsBob = new NodeIdentity(mallory.privateKey(), bob.identity().certificate(), bob.identity().nodeId());

            boolean refused;
            try (RawTlsClient impostor = RawTlsClient.connect(relay.listenAddresses().getFirst(), posingAsBob)) {
                impostor.sendFrame(new WireFrame.Hello("bob", WireFrame.PROTOCOL_VERSION, List.of(), List.of()));
                impostor.sendFrame(new WireFrame.RelayRegister());
                refused = impostor.closedWithin(Duration.ofSeconds(10));
            } catch (javax.net.ssl.SSLException handshakeFailed) {
                refused = true;
            }

            assertThat(refused).isTrue();
            knowOnlyByRelay(alice, bob, bob.ticket().relays());
            assertThat(LinkAuthenticationIT.listFiles(alice, "bob")).as("bob is still reached through the relay").isNotNull();
            assertThat(peer(new TestApi(alice), "bob").path("path").asText()).isEqualTo("via relay1");
        }
    }

    @Test
    void aRelayOverItsSessionLimitRefusesWithTheLimitNamed() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Limits oneSessionPerNode = new Limits(null, null, null, null, null, null, null, null, null, null, null, 1, null, null, null, null);
            start(nodes, oneSessionPerNode);
            Node carol = nodes.start("carol");
            knowOnlyByRelay(alice, bob, bob.ticket().relays());
            knowOnlyByRelay(carol, bob, bob.ticket().relays());

            assertThat(LinkAuthenticationIT.listFiles(alice, "bob")).isNotNull();
            TestApi.Response refused = new TestApi(carol).get("/api/peers/bob/files");

            assertThat(refused.status()).isGreaterThanOrEqualTo(400);
            assertThat(refused.body().toString()).contains("refused").contains("limits.relay_sessions_per_node");
        }
    }

    /** Sends {@code request} on a plain connection and returns all the relay answers before it closes. */
    private static String answerTo(HostPort address, String request) throws Exception {
        try (Socket socket = new Socket(address.host(), address.port())) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void badSessionRequestsGetAOneLineRefusalAndChangeNothing() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            start(nodes, Limits.DEFAULT);
            HostPort at = relay.listenAddresses().getFirst();

            assertThat(answerTo(at, "fetch me everything\n")).startsWith("no not a relay request");
            assertThat(answerTo(at, new RelayLine.Join("x".repeat(52)).encode())).startsWith("no node ").contains("is not registered at relay relay1");
            assertThat(answerTo(at, new RelayLine.Join("../etc/passwd").encode())).startsWith("no not a node id or session key");
            assertThat(answerTo(at, new RelayLine.Accept("no-such-key").encode())).as("an unknown key is closed without a word").isEmpty();
            assertThat(answerTo(at, "f" + "x".repeat(5000) + "\n")).startsWith("no the request line is longer than");
            assertThat(answerTo(alice.listenAddresses().getFirst(), new RelayLine.Join(bob.identity().nodeId().value()).encode()))
                    .isEqualTo("no node alice is not a relay\n");

            knowOnlyByRelay(alice, bob, bob.ticket().relays());
            assertThat(LinkAuthenticationIT.listFiles(alice, "bob")).as("the relay still joins real nodes").isNotNull();
        }
    }

    @Test
    void aSlowReaderHoldsTheRelayAtABoundedBuffer() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            start(nodes, Limits.DEFAULT);
            Sha256.randomFile(bob.home().publicDrive().resolve("big.bin"), 24L * MIB, 6);
            try (TcpProxy slowReader = TcpProxy.start(relay.listenAddresses().getFirst())) {
                slowReader.throttle(4L * MIB);
                knowOnlyByRelay(alice, bob, List.of(slowReader.address()));
                TestApi api = new TestApi(alice);
                String id = Downloads.start(api, "bob", List.of("big.bin"), null, false).body().get(0).path("id").asText();
                AtomicLong mostBuffered = new AtomicLong();

                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
                    RelayLoad load = relay.network().relayLoad().orElseThrow();
                    mostBuffered.accumulateAndGet(load.bufferedBytes(), Math::max);
                    return alice.transfers().get(id).orElseThrow().isFinished();
                });

                assertThat(alice.transfers().get(id).orElseThrow().state()).isEqualTo("done");
                assertThat(Sha256.of(alice.home().publicDrive().resolve("big.bin"))).isEqualTo(Sha256.of(bob.home().publicDrive().resolve("big.bin")));
                // Both directions together: at most a socket write buffer (the 512 KiB high water mark) and one read each.
                assertThat(mostBuffered.get()).as("bytes the relay held at once while 24 MiB went through at 4 MiB/s")
                        .isLessThan(2L * MIB);
            }
        }
    }
}
