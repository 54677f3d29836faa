package dev.nectar.ft.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nectar.ft.home.HostPort;
import dev.nectar.ft.identity.NodeIdentity;
import dev.nectar.ft.identity.Peer;
import dev.nectar.ft.net.RawTlsClient;
import dev.nectar.ft.process.RequestFailedException;
import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.TransferRequest;
import dev.nectar.ft.wire.WireFrame;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class LinkAuthenticationIT {
    private static final Address TERMINAL = new Address("our", "terminal");

    @Test
    void aNodeThatAnswersWithAnotherNodeIdIsRefused() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node alice = nodes.start("alice");
            Node bob = nodes.start("bob");
            // "carol" is listed at bob's address: whoever answers there must prove carol's key, and bob cannot.
            NodeIdentity carol = NodeIdentity.generate();
            alice.addressBook().add(new Peer("carol", carol.nodeId(), bob.listenAddresses()));

            var response = alice.kernel().request(TERMINAL, new Address("carol", "file_transfer"),
                    new TransferRequest.ListFiles().encode(), null, Duration.ofSeconds(5));

            assertThat(response).failsWithin(Duration.ofSeconds(10))
                    .withThrowableOfType(ExecutionException.class)
                    .havingCause()
                    .isInstanceOfSatisfying(RequestFailedException.class, failed -> {
                        assertThat(failed.reason()).isEqualTo(RequestFailedException.Reason.WRONG_NODE);
                        assertThat(failed.getMessage()).contains("dialed node " + carol.nodeId().shortForm())
                                .contains("is node " + bob.identity().nodeId().shortForm());
                    });
        }
    }

    @Test
    void aConnectionWithoutAClientCertificateIsRefusedAndTheNodeServesOthers() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node alice = nodes.start("alice");
            Node bob = nodes.start("bob");
            TestNodes.introduce(alice, bob);
            HostPort bobAddress = bob.listenAddresses().getFirst();

            try (RawTlsClient anonymous = RawTlsClient.connect(bobAddress, null)) {
                assertThat(anonymous.closedByServer()).isTrue();
            }

            assertThat(listFiles(alice, "bob")).contains("ListFiles");
        }
    }

    @Test
    void onlyTls13IsSpoken() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node bob = nodes.start("bob");

            var attempt = org.assertj.core.api.Assertions.catchThrowable(() ->
                    RawTlsClient.connect(bob.listenAddresses().getFirst(), NodeIdentity.generate(), "TLSv1.2").close());

            assertThat(attempt).isInstanceOf(javax.net.ssl.SSLException.class);
            assertThat(bob.network().links()).isEmpty();
        }
    }

    @Test
    void anExpiredCertificateIsRefusedAtTheHandshake() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node bob = nodes.start("bob");
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
            generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
            java.security.KeyPair keys = generator.generateKeyPair();
            var subject = new org.bouncycastle.asn1.x500.X500Name("CN=expired");
            java.time.Instant now = java.time.Instant.now();
            var holder = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(subject, java.math.BigInteger.ONE,
                    java.util.Date.from(now.minus(java.time.Duration.ofDays(30))), java.util.Date.from(now.minus(java.time.Duration.ofDays(1))),
                    subject, keys.getPublic())
                    .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
            var expired = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(holder);
            NodeIdentity stale = new NodeIdentity(keys.getPrivate(), expired, dev.nectar.ft.identity.NodeId.of(keys.getPublic()));

            boolean refused;
            try (RawTlsClient client = RawTlsClient.connect(bob.listenAddresses().getFirst(), stale)) {
                refused = client.closedByServer();
            } catch (javax.net.ssl.SSLException failedHandshake) {
                refused = true;
            }

            assertThat(refused).isTrue();
            assertThat(bob.network().links()).isEmpty();
        }
    }

    @Test
    void aClientWithAValidCertificateGetsHelloWithTheNodesNameAndProtocol() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node bob = nodes.start("bob");

            try (RawTlsClient client = RawTlsClient.connect(bob.listenAddresses().getFirst(), NodeIdentity.generate())) {
                WireFrame hello = client.readFrame();
                assertThat(hello).isInstanceOfSatisfying(WireFrame.Hello.class, h -> {
                    assertThat(h.name()).isEqualTo("bob");
                    assertThat(h.protocolVersion()).isEqualTo(WireFrame.PROTOCOL_VERSION);
                    assertThat(h.addresses()).containsExactly(bob.listenAddresses().getFirst().toString());
                });
            }
        }
    }

    static String listFiles(Node from, String peer) throws Exception {
        WireFrame.Message response = from.kernel().request(TERMINAL, new Address(peer, "file_transfer"),
                new TransferRequest.ListFiles().encode(), null, Duration.ofSeconds(5)).get();
        return new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
