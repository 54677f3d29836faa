package dev.nectar.ft.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nectar.ft.home.Home;
import dev.nectar.ft.home.NodeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeInitializer_TwiceTest {
    @TempDir
    Path directory;

    @Test
    void createsEverythingOnceAndKeepsItTheSecondTime() throws Exception {
        Home home = new Home(directory.resolve("home"));
        HomeInitializer.Result first = HomeInitializer.initialize(home, "alice");
        String token = Files.readString(home.apiToken());

        HomeInitializer.Result second = HomeInitializer.initialize(home, "mallory");

        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(second.identity().nodeId()).isEqualTo(first.identity().nodeId());
        assertThat(NodeConfig.load(home).name()).isEqualTo("alice");
        assertThat(Files.readString(home.apiToken())).isEqualTo(token);
        assertThat(home.publicDrive()).isDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.apiToken()))).isEqualTo("rw-------");
    }

    @Test
    void aDefaultNameIsAValidNodeName() {
        NodeConfig.requireValidName(HomeInitializer.defaultName());
    }
}
