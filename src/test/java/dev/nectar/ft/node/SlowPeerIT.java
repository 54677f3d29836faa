package dev.nectar.ft.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nectar.ft.identity.Peer;
import dev.nectar.ft.net.TcpProxy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A download from a slow peer does not hold up others, nor the answers of the main processes. (Requests to the
 * slow peer itself queue behind the data already in its socket buffers; that latency is the link's.)
 */
class SlowPeerIT {
    private static final int MIB = 1 << 20;

    @Test
    void aSlowTransferDoesNotHoldUpAFastOne() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node alice = nodes.start("alice");
            Node bob = nodes.start("bob");
            Node carol = nodes.start("carol");
            TestNodes.introduce(alice, bob);
            try (TcpProxy slowLink = TcpProxy.start(carol.listenAddresses().getFirst())) {
                slowLink.throttle(256 * 1024);
                alice.addressBook().add(new Peer("carol", carol.identity().nodeId(), List.of(slowLink.address())));
                Sha256.randomFile(carol.home().publicDrive().resolve("slow.bin"), 4L * MIB, 1);
                Sha256.randomFile(bob.home().publicDrive().resolve("fast.bin"), 24L * MIB, 2);
                TestApi api = new TestApi(alice);

                String slow = Downloads.start(api, "carol", List.of("slow.bin"), null, false).body().get(0).path("id").asText();
                String fast = Downloads.start(api, "bob", List.of("fast.bin"), null, false).body().get(0).path("id").asText();

                await().atMost(Duration.ofSeconds(30)).until(() -> alice.transfers().get(fast).orElseThrow().isFinished());
                assertThat(alice.transfers().get(fast).orElseThrow().state()).isEqualTo("done");
                assertThat(alice.transfers().get(slow).orElseThrow().isFinished()).as("the slow one is still moving").isFalse();
                // The main processes on both sides keep answering while the slow link is saturated.
                assertThat(LinkAuthenticationIT.listFiles(alice, "bob")).contains("fast.bin");
                assertThat(LinkAuthenticationIT.listFiles(alice, "our")).contains("fast.bin");

                slowLink.throttle(0);
                assertThat(Downloads.awaitEnd(api, List.of(slow)).getFirst().path("state").asText()).isEqualTo("done");
                assertThat(Sha256.of(alice.home().publicDrive().resolve("slow.bin")))
                        .isEqualTo(Sha256.of(carol.home().publicDrive().resolve("slow.bin")));
                assertThat(Sha256.of(alice.home().publicDrive().resolve("fast.bin")))
                        .isEqualTo(Sha256.of(bob.home().publicDrive().resolve("fast.bin")));
            }
        }
    }
}
