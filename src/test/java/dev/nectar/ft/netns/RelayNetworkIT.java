package dev.nectar.ft.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nectar.ft.home.NodeConfig;
import dev.nectar.ft.node.Sha256;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two hosts that cannot reach each other at all, and two relays both can reach, made of network namespaces:
 * alice and bob each have a cable to relay1 and to relay2, and nothing else; a relay is reached at an address
 * of its own (on its loopback) through the cable, and does not forward. Bob registers with both relays; alice
 * knows bob by his ticket alone.
 */
class RelayNetworkIT extends NamespacedTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MIB = 1 << 20;

    @BeforeEach
    void setUp() throws Exception {
        for (String host : new String[] {"alice", "bob", "relay1", "relay2"}) {
            net.machine(host);
        }
        net.cable("alice", "10.241.1.2/24", "relay1", "10.241.1.1/24");
        net.cable("alice", "10.241.2.2/24", "relay2", "10.241.2.1/24");
        net.cable("bob", "10.242.1.2/24", "relay1", "10.242.1.1/24");
        net.cable("bob", "10.242.2.2/24", "relay2", "10.242.2.1/24");
        net.loopbackAddress("relay1", "10.243.0.1/32");
        net.loopbackAddress("relay2", "10.243.0.2/32");
        net.route("alice", "10.243.0.1", "10.241.1.1");
        net.route("alice", "10.243.0.2", "10.241.2.1");
        net.route("bob", "10.243.0.1", "10.242.1.1");
        net.route("bob", "10.243.0.2", "10.242.2.1");
    }

    /** A node listening on {@code listen}, with discovery off (these tests are about relays). */
    private void start(String name, String listen, String... flags) throws Exception {
        nodes.init(name, config -> new NodeConfig(config.name(), listen, "127.0.0.1:7701", config.access(), 5, 120, config.allow(),
                config.limits(), false, null));
        nodes.start(name, flags);
    }

    private JsonNode transfers(String name) throws Exception {
        return JSON.readTree(nodes.cli(name, "transfers", "--json"));
    }

    @Test
    void aNodeBehindRelaysIsListedAndDownloadedFromThroughOneAndTheDownloadSurvivesThatRelayDying() throws Exception {
        start("relay1", "10.243.0.1:7700", "--relay");
        start("relay2", "10.243.0.2:7700", "--relay");
        start("alice", "0.0.0.0:7700");
        start("bob", "0.0.0.0:7700");
        nodes.cli("bob", "relay", "add", nodes.cli("relay1", "id", "--ticket"));
        nodes.cli("bob", "relay", "add", nodes.cli("relay2", "id", "--ticket"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            JsonNode relays = JSON.readTree(nodes.cli("bob", "relay", "ls", "--json")).path("relays");
            return relays.size() == 2 && relays.get(0).path("registered").asBoolean() && relays.get(1).path("registered").asBoolean();
        });
        String bobTicket = nodes.cli("bob", "id", "--ticket");
        assertThat(nodes.cli("bob", "id")).contains("relays:    10.243.0.1:7700, 10.243.0.2:7700");
        nodes.cli("alice", "peer", "add", bobTicket);
        Path source = nodes.home("bob").publicDrive().resolve("dataset.bin");
        Sha256.randomFile(source, 48L * MIB, 11);

        assertThat(nodes.cli("alice", "ls", "bob")).contains("dataset.bin");
        assertThat(nodes.cli("alice", "peer", "ls")).as("bob's own addresses are unreachable from alice").contains("via relay1");

        // Bob sends at 64 Mbit/s, so that relay1 dies with the download part way.
        net.limitRate("bob", "to-relay1", "64mbit");
        net.limitRate("bob", "to-relay2", "64mbit");
        Process get = nodes.background("alice", "get", "bob", "dataset.bin");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode all = transfers("alice");
            return all.size() == 1 && all.get(0).path("bytes").asLong() > 8L * MIB;
        });
        nodes.kill("relay1");

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> !get.isAlive());
        String output = new String(get.getInputStream().readAllBytes());
        assertThat(get.exitValue()).as(output).isZero();
        JsonNode done = transfers("alice").get(0);
        assertThat(done.path("state").asText()).isEqualTo("done");
        assertThat(done.path("attempts").asInt()).as("resumed after the relay died").isGreaterThan(1);
        assertThat(Sha256.of(nodes.home("alice").publicDrive().resolve("dataset.bin"))).isEqualTo(Sha256.of(source));
        assertThat(nodes.cli("alice", "peer", "ls")).contains("via relay2");
        assertThat(nodes.log("relay2")).doesNotContain("Exception");
    }
}
