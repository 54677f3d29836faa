package dev.nectar.ft.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfig_LimitsTest {
    @TempDir
    Path directory;

    @Test
    void readsLimitsFromTheirTableAndDefaultsTheRest() throws Exception {
        Home home = new Home(directory);
        Files.writeString(home.config(), """
                name = "bob"
                access = "allowlist"
                allow = ["aaaaaaaabbbbbbbbccccccccddddddddeeeeeeeeffffffff2345"]

                [limits]
                requests_per_peer_per_second = 5
                transfers_per_peer = 2
                """);

        NodeConfig config = NodeConfig.load(home);

        assertThat(config.limits().requestsPerPeerPerSecond()).isEqualTo(5);
        assertThat(config.limits().transfersPerPeer()).isEqualTo(2);
        assertThat(config.limits().connectionsPerAddress()).isEqualTo(Limits.DEFAULT.connectionsPerAddress());
        assertThat(config.allow()).hasSize(1);
        config.save(home);
        assertThat(NodeConfig.load(home)).isEqualTo(config);
    }

    @Test
    void refusesALimitBelowOneWithAClearMessage() throws Exception {
        Home home = new Home(directory);
        Files.writeString(home.config(), "name = \"bob\"\n[limits]\ntransfers_total = 0\n");

        assertThatThrownBy(() -> NodeConfig.load(home)).hasMessageContaining("limits.transfers_total must be at least 1, not 0");
    }

    @Test
    void readsTheRelaySettingsWithNoRateLimitByDefault() throws Exception {
        Home home = new Home(directory);
        Files.writeString(home.config(), """
                name = "relay1"
                relay = true
                relays = ["ft1abc"]

                [limits]
                relay_sessions_per_node = 4
                relay_bytes_per_second = 100000000
                """);

        NodeConfig config = NodeConfig.load(home);

        assertThat(config.relay()).isTrue();
        assertThat(config.relays()).containsExactly("ft1abc");
        assertThat(config.limits().relaySessionsPerNode()).isEqualTo(4);
        assertThat(config.limits().relayBytesPerSecond()).isEqualTo(100_000_000L);
        assertThat(config.limits().relaySessionBytesPerSecond()).as("0: no limit").isZero();
        assertThat(config.limits().relaySessions()).isEqualTo(256);
        config.save(home);
        assertThat(NodeConfig.load(home)).isEqualTo(config);
    }

    @Test
    void refusesANegativeRelayRate() throws Exception {
        Home home = new Home(directory);
        Files.writeString(home.config(), "name = \"bob\"\n[limits]\nrelay_session_bytes_per_second = -1\n");

        assertThatThrownBy(() -> NodeConfig.load(home))
                .hasMessageContaining("limits.relay_session_bytes_per_second must be 0 (no limit) or more, not -1");
    }
}
