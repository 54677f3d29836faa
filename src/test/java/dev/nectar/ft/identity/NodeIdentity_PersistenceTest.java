package dev.nectar.ft.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nectar.ft.home.Home;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeIdentity_PersistenceTest {
    @TempDir
    Path directory;

    @Test
    void aSavedIdentityLoadsWithTheSameNodeIdAndAPrivateKeyFile() throws Exception {
        Home home = new Home(directory);
        NodeIdentity identity = NodeIdentity.generate();
        identity.saveNew(home);

        NodeIdentity loaded = NodeIdentity.load(home);

        assertThat(loaded.nodeId()).isEqualTo(identity.nodeId());
        assertThat(loaded.certificate()).isEqualTo(identity.certificate());
        assertThat(loaded.nodeId()).isEqualTo(NodeId.of(loaded.certificate().getPublicKey()));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.privateKey()))).isEqualTo("rw-------");
    }

    @Test
    void neverReplacesAnExistingKey() throws Exception {
        Home home = new Home(directory);
        NodeIdentity first = NodeIdentity.generate();
        first.saveNew(home);

        assertThatThrownBy(() -> NodeIdentity.generate().saveNew(home)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(NodeIdentity.load(home).nodeId()).isEqualTo(first.nodeId());
    }

    @Test
    void nodeIdsAre52LowerCaseBase32CharactersOfTheKeyHash() {
        NodeId id = NodeIdentity.generate().nodeId();
        assertThat(id.value()).matches("[a-z2-7]{52}");
        assertThat(id.shortForm()).isEqualTo(id.value().substring(0, 8));
        assertThat(NodeIdentity.generate().nodeId()).isNotEqualTo(id);
        assertThatThrownBy(() -> new NodeId("ABC")).isInstanceOf(IllegalArgumentException.class);
    }
}
