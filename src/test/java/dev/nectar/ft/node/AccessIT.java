package dev.nectar.ft.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nectar.ft.home.HostPort;
import dev.nectar.ft.home.Limits;
import dev.nectar.ft.home.NodeConfig;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The allow-list, the connection caps and the API's origin checks, against real nodes. */
class AccessIT {
    @Test
    void anAllowListNodeServesOnlyListedPeersAndChangesApplyAtOnceAndPersist() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node alice = nodes.start("alice");
            Node bob = nodes.start("bob");
            Node carol = nodes.start("carol");
            TestNodes.introduce(alice, bob);
            TestNodes.introduce(carol, bob);
            Sha256.randomFile(bob.home().publicDrive().resolve("shared.bin"), 100_000, 3);
            TestApi bobApi = new TestApi(bob);

            assertThat(bobApi.put("/api/access", "{\"mode\":\"allowlist\"}").status()).isEqualTo(200);
            assertThat(bobApi.post("/api/access/allow", "{\"peer\":\"carol\"}").status()).isEqualTo(200);

            TestApi.Response refused = new TestApi(alice).get("/api/peers/bob/files");
            assertThat(refused.status()).isEqualTo(502);
            assertThat(refused.body().path("message").asText())
                    .isEqualTo("bob refused: node " + alice.identity().nodeId().shortForm() + " is not on this node's allow-list");
            assertThat(new TestApi(carol).get("/api/peers/bob/files").body().toString()).contains("shared.bin");
            JsonNode carolGot = Downloads.runOne(new TestApi(carol), "bob", "shared.bin");
            assertThat(carolGot.path("state").asText()).isEqualTo("done");

            assertThat(bobApi.post("/api/access/allow", "{\"peer\":\"" + alice.identity().nodeId().value() + "\"}").status()).isEqualTo(200);
            JsonNode aliceGot = Downloads.runOne(new TestApi(alice), "bob", "shared.bin");
            assertThat(aliceGot.path("state").asText()).isEqualTo("done");
            assertThat(Sha256.of(alice.home().publicDrive().resolve("shared.bin")))
                    .isEqualTo(Sha256.of(bob.home().publicDrive().resolve("shared.bin")));

            assertThat(bobApi.delete("/api/access/allow/carol").status()).isEqualTo(200);
            assertThat(new TestApi(carol).get("/api/peers/bob/files").status()).as("refused while still connected").isEqualTo(502);
            NodeConfig saved = NodeConfig.load(bob.home());
            assertThat(saved.access()).isEqualTo("allowlist");
            assertThat(saved.allow()).containsExactly(alice.identity().nodeId().value());
            assertThat(bobApi.put("/api/access", "{\"mode\":\"sometimes\"}").body().path("message").asText())
                    .isEqualTo("access must be 'public' or 'allowlist', not 'sometimes'");
            assertThat(bobApi.put("/api/access", "{\"mode\":\"public\"}").status()).isEqualTo(200);
            assertThat(new TestApi(carol).get("/api/peers/bob/files").status()).isEqualTo(200);
        }
    }

    @Test
    void aPeerOverItsRequestRateIsToldItIsBusyAndOthersAreServed() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Limits strict = new Limits(null, null, null, 5, null, null, null, null, null, null, null, null, null, null, null, null);
            Node bob = nodes.start("bob", 5, 60, strict);
            Node alice = nodes.start("alice");
            Node carol = nodes.start("carol");
            TestNodes.introduce(alice, bob);
            TestNodes.introduce(carol, bob);

            int busy = 0;
            for (int i = 0; i < 40; i++) {
                String answer = LinkAuthenticationIT.listFiles(alice, "bob");
                if (answer.contains("\"kind\":\"Busy\"")) {
                    assertThat(answer).contains("too many requests; slow down");
                    busy++;
                }
            }
            System.out.println("requests over the rate that were told Busy: " + busy + " of 40");

            assertThat(busy).isGreaterThan(20);
            assertThat(LinkAuthenticationIT.listFiles(carol, "bob")).contains("ListFiles");
        }
    }

    @Test
    void theApiRefusesPagesFromOtherSitesAndOtherHostNames() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node alice = nodes.start("alice");
            TestApi api = new TestApi(alice);
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest.Builder fromEvil = HttpRequest.newBuilder(URI.create(api.base() + "/api/node"))
                    .header("Authorization", "Bearer " + api.token()).header("Origin", "http://evil.example");
            HttpRequest.Builder fromItself = HttpRequest.newBuilder(URI.create(api.base() + "/api/node"))
                    .header("Authorization", "Bearer " + api.token()).header("Origin", api.base());

            HttpResponse<String> evil = http.send(fromEvil.build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> own = http.send(fromItself.build(), HttpResponse.BodyHandlers.ofString());

            assertThat(evil.statusCode()).isEqualTo(403);
            assertThat(evil.body()).contains("requests from http://evil.example are refused");
            assertThat(own.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aHostOpeningHundredsOfConnectionsGetsTheExtraOnesClosedAndTheNodeServesAfterwards() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node alice = nodes.start("alice");
            Node bob = nodes.start("bob");
            TestNodes.introduce(alice, bob);
            HostPort address = bob.listenAddresses().getFirst();
            List<Socket> flood = new ArrayList<>();
            int closedByBob = 0;
            try {
                for (int i = 0; i < 200; i++) {
                    Socket socket = new Socket(address.host(), address.port());
                    socket.setSoTimeout(2_000);
                    flood.add(socket);
                }
                for (Socket socket : flood.subList(40, flood.size())) {
                    try (InputStream in = socket.getInputStream()) {
                        if (in.read() < 0) {
                            closedByBob++;
                        }
                    } catch (java.io.IOException reset) {
                        closedByBob++;
                    }
                }
            } finally {
                for (Socket socket : flood) {
                    socket.close();
                }
            }
            System.out.println("connections opened: 200, closed at once by the node: at least " + closedByBob);

            assertThat(closedByBob).isEqualTo(160);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> LinkAuthenticationIT.listFiles(alice, "bob").contains("ListFiles"));
        }
    }
}
