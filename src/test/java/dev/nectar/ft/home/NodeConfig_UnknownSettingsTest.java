package dev.nectar.ft.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings this version does not know are ignored, and named, so that a typo does not pass for a default. */
class NodeConfig_UnknownSettingsTest {
    @TempDir
    Path directory;

    @Test
    void misspeltSettingsAreNamedAndTheRestLoads() throws Exception {
        Home home = new Home(directory);
        Files.writeString(home.config(), """
                name = "bob"
                stall_timout_seconds = 5
                retry_deadline_seconds = 30
                discovery = false

                [limits]
                transfers_per_peer = 2
                transfer_total = 9
                """);

        assertThat(NodeConfig.unknownSettings(home)).containsExactly("stall_timout_seconds", "limits.transfer_total");
        NodeConfig config = NodeConfig.load(home);
        assertThat(config.retryDeadlineSeconds()).isEqualTo(30);
        assertThat(config.limits().transfersPerPeer()).isEqualTo(2);
    }

    @Test
    void aChangeTheNodeSavesKeepsTheSettingsItDoesNotKnow() throws Exception {
        Home home = new Home(directory);
        Files.writeString(home.config(), """
                name = "bob"
                setting_of_a_later_version = "kept"

                [limits]
                transfers_per_peer = 2
                limit_of_a_later_version = 7
                """);

        NodeConfig.load(home).withAccess("allowlist", List.of()).save(home);

        assertThat(NodeConfig.unknownSettings(home)).containsExactlyInAnyOrder("setting_of_a_later_version", "limits.limit_of_a_later_version");
        assertThat(Files.readString(home.config())).contains("setting_of_a_later_version = 'kept'", "limits.limit_of_a_later_version = 7");
        NodeConfig saved = NodeConfig.load(home);
        assertThat(saved.access()).isEqualTo("allowlist");
        assertThat(saved.limits().transfersPerPeer()).isEqualTo(2);
    }

    @Test
    void everySettingThisVersionWritesIsKnown() throws Exception {
        Home home = new Home(directory);
        new NodeConfig("bob", "127.0.0.1:7700", "127.0.0.1:7701", "allowlist", 5, 30, List.of(), Limits.DEFAULT, true, 10, true,
                List.of(), false).save(home);

        assertThat(Files.readString(home.config())).contains("stall_timeout_seconds", "limits.relay_sessions_per_node", "swarm");
        assertThat(NodeConfig.unknownSettings(home)).isEmpty();
    }

    @Test
    void aConfigWithoutANameSaysSo() throws Exception {
        Home home = new Home(directory);
        Files.writeString(home.config(), "nme = \"bob\"\n");

        assertThatThrownBy(() -> NodeConfig.load(home)).hasMessage("cannot read " + home.config()
                + ": the node has no name: set name = \"...\" (1-63 letters, digits, '.', '_' or '-')");
        assertThat(NodeConfig.unknownSettings(home)).containsExactly("nme");
    }
}
