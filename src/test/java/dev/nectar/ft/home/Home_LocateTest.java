package dev.nectar.ft.home;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which home a command uses: --home, else $FT_HOME, else $HOME/.ft as the environment says, not the JVM's user.home. */
class Home_LocateTest {
    @Test
    void anExplicitHomeWinsOverTheEnvironment() {
        assertThat(Home.locate("/srv/a", Map.of("FT_HOME", "/srv/b", "HOME", "/home/c")).root()).isEqualTo(Path.of("/srv/a"));
    }

    @Test
    void ftHomeWinsOverHome() {
        assertThat(Home.locate(null, Map.of("FT_HOME", "/srv/b", "HOME", "/home/c")).root()).isEqualTo(Path.of("/srv/b"));
    }

    @Test
    void theDefaultFollowsHomeFromTheEnvironment() {
        assertThat(Home.locate(null, Map.of("HOME", "/home/someone-else")).root()).isEqualTo(Path.of("/home/someone-else/.ft"));
        assertThat(Home.locate("", Map.of("HOME", "/var/lib/ft", "FT_HOME", " ")).root()).isEqualTo(Path.of("/var/lib/ft/.ft"));
    }

    @Test
    void withoutHomeItFallsBackToTheUsersHomeFolder() {
        assertThat(Home.locate(null, Map.of()).root()).isEqualTo(Path.of(System.getProperty("user.home"), ".ft").toAbsolutePath());
    }
}
