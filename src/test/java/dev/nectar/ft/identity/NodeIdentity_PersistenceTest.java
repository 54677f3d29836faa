package dev.nectar.ft.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nectar.ft.home.Home;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    @Test
    void aKeyCutShortIsRefusedNamingTheFile() throws Exception {
        Home home = new Home(directory);
        NodeIdentity.generate().saveNew(home);
        Files.writeString(home.privateKey(), Files.readString(home.privateKey()).substring(0, 50));

        assertThatThrownBy(() -> NodeIdentity.load(home)).isInstanceOf(IOException.class)
                .hasMessage("cannot read the identity in " + home + ": node.key: -----END PRIVATE KEY----- not found");
    }

    @Test
    void aCertificateInPlaceOfTheKeyIsRefused() throws Exception {
        Home home = new Home(directory);
        NodeIdentity.generate().saveNew(home);
        Files.copy(home.certificate(), home.privateKey(), StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> NodeIdentity.load(home)).hasMessage("cannot read the identity in " + home + ": node.key holds no PKCS#8 private key");
    }

    @Test
    void aCertificateOfAnotherNodeIsRefusedRatherThanFailingEveryHandshake() throws Exception {
        Home home = new Home(directory);
        Home other = new Home(Files.createDirectories(directory.resolve("other")));
        NodeIdentity.generate().saveNew(home);
        NodeIdentity.generate().saveNew(other);
        Files.copy(other.certificate(), home.certificate(), StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> NodeIdentity.load(home)).hasMessage("cannot read the identity in " + home + ": node.crt was made for another key than node.key");
    }
}
