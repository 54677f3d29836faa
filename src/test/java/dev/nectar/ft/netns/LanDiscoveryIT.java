package dev.nectar.ft.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nectar.ft.home.Home;
import dev.nectar.ft.home.NodeConfig;
import dev.nectar.ft.identity.NodeIdentity;
import dev.nectar.ft.net.LanDiscovery;
import dev.nectar.ft.wire.Announcement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real nodes on LANs made of network namespaces (a bridge per LAN, a namespace per host): they find each other
 * by their announcements, only on their own LAN, forget a node that stopped, find one that moved, and shrug off
 * garbage and forgeries. Each node listens on every address of its namespace, as a node on a laptop would.
 */
class LanDiscoveryIT extends NamespacedTest {
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Announcements every second, so a stopped node is gone after three. */
    private static final int INTERVAL_SECONDS = 1;

    @BeforeEach
    void setUp() throws Exception {
        net.lan("lan1");
        net.lan("lan2");
        net.host("alice", "lan1", "10.231.1.1/24");
        net.host("bob", "lan1", "10.231.1.2/24");
        net.host("carol", "lan1", "10.231.1.3/24");
        net.host("dave", "lan2", "10.231.2.4/24");
    }

    private Home home(String name) {
        return nodes.home(name);
    }

    /** Starts the node {@code name} in its namespace, listening on every IPv4 address there; {@code extra} are more flags. */
    private void start(String name, String... extra) throws Exception {
        startListening(name, "0.0.0.0:7700", extra);
    }

    private void startListening(String name, String listen, String... extra) throws Exception {
        nodes.init(name, config -> new NodeConfig(config.name(), listen, "127.0.0.1:7701", config.access(), 3, 60, config.allow(),
                config.limits(), true, INTERVAL_SECONDS));
        nodes.start(name, extra);
    }

    private void stop(String name) throws InterruptedException {
        nodes.stop(name);
    }

    private String log(String name) throws IOException {
        return nodes.log(name);
    }

    private String cli(String name, String... args) throws Exception {
        return nodes.cli(name, args);
    }

    /** The names of the nodes {@code name} heard nearby. */
    private Set<String> heardBy(String name) throws Exception {
        Set<String> names = new TreeSet<>();
        JSON.readTree(cli(name, "nearby", "--json")).forEach(node -> names.add(node.path("name").asText()));
        return names;
    }

    private JsonNode nearbyOf(String name, String other) throws Exception {
        for (JsonNode node : JSON.readTree(cli(name, "nearby", "--json"))) {
            if (node.path("name").asText().equals(other)) {
                return node;
            }
        }
        return null;
    }

    private String probe(String host, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA, "-cp", Path.of("target", "test-classes").toAbsolutePath().toString(),
                UdpProbe.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(net.in(host, command)).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0).as("probe: " + out).isTrue();
        return out.strip();
    }

    @Test
    void nodesOnOneLanFindEachOtherAndNotTheNodeOnAnotherLan() throws Exception {
        List<String> all = List.of("alice", "bob", "carol", "dave");
        for (String name : all) {
            nodes.init(name, config -> new NodeConfig(config.name(), "0.0.0.0:7700", "127.0.0.1:7701", config.access(), 3, 60,
                    config.allow(), config.limits(), true, INTERVAL_SECONDS));
        }
        nodes.startAll(all);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> heardBy("alice").equals(Set.of("bob", "carol")));
        assertThat(heardBy("bob")).containsExactlyInAnyOrder("alice", "carol");
        assertThat(heardBy("dave")).as("another LAN").isEmpty();
        JsonNode bob = nearbyOf("alice", "bob");
        assertThat(bob.path("addresses").get(0).asText()).isEqualTo("10.231.1.2:7700");
        assertThat(bob.path("peer").isNull()).as("not a peer yet").isTrue();
    }

    @Test
    void aNodeThatStopsIsForgottenAndOneThatMovedIsFoundAtItsNewAddress() throws Exception {
        start("alice");
        start("carol");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> heardBy("alice").contains("carol"));
        cli("alice", "peer", "add", "--nearby", "carol");

        stop("carol");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> heardBy("alice").isEmpty());

        net.readdress("carol", "10.231.1.3/24", "10.231.1.33/24");
        start("carol");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            JsonNode carol = nearbyOf("alice", "carol");
            return carol != null && carol.path("addresses").get(0).asText().equals("10.231.1.33:7700");
        });
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofSeconds(1))
                .until(() -> cli("alice", "peer", "ls").contains("10.231.1.33:7700"));
        assertThat(cli("alice", "peer", "ls")).as("the first address stays first").contains("10.231.1.3:7700, 10.231.1.33:7700");
    }

    @Test
    void garbageAndForgeriesChangeNothingAndADownloadFromTheRealNodeStillWorks() throws Exception {
        start("alice");
        start("carol");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> heardBy("alice").contains("carol"));
        cli("alice", "peer", "add", "--nearby", "carol");
        byte[] bytes = new byte[2 << 20];
        new Random(3).nextBytes(bytes);
        Files.write(home("carol").publicDrive().resolve("notes.pdf"), bytes);

        String carolId = NodeIdentity.load(home("carol")).nodeId().value();
        String forged = new String(new Announcement(carolId, "carol", List.of(9), 1, 42).encode());
        probe("bob", "send", "10.231.1.2", LanDiscovery.GROUP, String.valueOf(LanDiscovery.PORT), forged);
        for (String garbage : List.of("garbage", "{\"Announce\":{\"node\":\"x\"}}", "{}", "\"Announce\"", "x".repeat(1500))) {
            probe("bob", "send", "10.231.1.2", LanDiscovery.GROUP, String.valueOf(LanDiscovery.PORT), garbage);
        }

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofSeconds(1))
                .until(() -> JSON.readTree(cli("alice", "nearby", "--json")).size() == 1
                        && cli("alice", "peer", "ls").startsWith("carol"));
        String book = cli("alice", "peer", "ls");
        assertThat(book).as("the working address stays first").contains("10.231.1.3:7700");
        cli("alice", "get", "carol", "notes.pdf");
        assertThat(sha256(home("alice").publicDrive().resolve("notes.pdf"))).isEqualTo(sha256(home("carol").publicDrive().resolve("notes.pdf")));
        assertThat(log("alice")).doesNotContain("Exception");
    }

    @Test
    void nodesListeningOnIpv6AreHeardAtTheirLinkLocalAddressAndDownloadedFromThere() throws Exception {
        // Both start while their link-local addresses are still tentative, as a node started with its link does: what
        // they cannot send yet they send once the addresses are usable.
        net.relinkWithSlowAddressDetection("alice", 6);
        net.relinkWithSlowAddressDetection("carol", 6);
        startListening("alice", "[::]:7700");
        startListening("carol", "[::]:7700");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            JsonNode carol = nearbyOf("alice", "carol");
            return carol != null && carol.path("addresses").toString().contains("[fe80:");
        });
        List<String> addresses = new ArrayList<>();
        nearbyOf("alice", "carol").path("addresses").forEach(address -> addresses.add(address.asText()));
        String linkLocal = addresses.stream().filter(address -> address.startsWith("[fe80:")).findFirst().orElseThrow();
        assertThat(addresses).as("heard on both families").contains("10.231.1.3:7700");

        // Added by its ticket, which names no link-local address; then carol loses her IPv4 address, so that the
        // download can only go to the link-local address that alice learned from carol's announcements.
        cli("alice", "peer", "add", cli("carol", "id", "--ticket"));
        byte[] bytes = new byte[1 << 20];
        new Random(5).nextBytes(bytes);
        Files.write(home("carol").publicDrive().resolve("map.png"), bytes);
        net.removeIpv4("carol", "10.231.1.3/24");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1)).until(() -> cli("alice", "peer", "ls").contains(linkLocal));
        cli("alice", "get", "carol", "map.png");
        assertThat(sha256(home("alice").publicDrive().resolve("map.png"))).isEqualTo(sha256(home("carol").publicDrive().resolve("map.png")));
    }

    @Test
    void aNodeStartedBeforeItsNetworkCameUpIsHeardOnItOnceItIs() throws Exception {
        net.removeIpv4("carol", "10.231.1.3/24");
        start("alice");
        start("carol");

        net.addIpv4("carol", "10.231.1.3/24");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            JsonNode carol = nearbyOf("alice", "carol");
            return carol != null && carol.path("addresses").toString().contains("10.231.1.3:7700");
        });
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> heardBy("carol").contains("alice"));
        assertThat(log("carol")).contains("announcing this node on [eth0]");
    }

    @Test
    void aNodeWithoutDiscoverySendsNothingAndHearsNothing() throws Exception {
        start("alice");
        start("bob", "--no-discovery");

        String counts = probe("bob", "count", "10.231.1.2", LanDiscovery.GROUP, String.valueOf(LanDiscovery.PORT),
                String.valueOf(4 * INTERVAL_SECONDS * 1000));

        assertThat(counts).as("the probe hears alice, so it works").contains("10.231.1.1 ");
        assertThat(counts).as("and nothing from bob").doesNotContain("10.231.1.2 ");
        assertThat(cli("bob", "nearby")).contains("discovery is off");
        assertThat(heardBy("alice")).isEmpty();
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
