package dev.nectar.ft.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nectar.ft.home.HostPort;
import dev.nectar.ft.home.Home;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddressBook_ChangesTest {
    @TempDir
    Path directory;

    private final NodeId bobId = NodeIdentity.generate().nodeId();
    private final NodeId carolId = NodeIdentity.generate().nodeId();

    @Test
    void keepsPeersAcrossReloads() throws Exception {
        Home home = new Home(directory);
        AddressBook book = AddressBook.load(home);
        book.add(new Peer("bob", bobId, List.of(new HostPort("127.0.0.1", 7700))));

        AddressBook reloaded = AddressBook.load(home);

        assertThat(reloaded.find("bob")).map(Peer::nodeId).contains(bobId);
        assertThat(reloaded.find(bobId.value())).map(Peer::name).contains("bob");
        assertThat(reloaded.find(bobId)).isPresent();
    }

    @Test
    void addingTheSameNodeAgainRenamesAndReaddressesIt() throws Exception {
        AddressBook book = AddressBook.load(new Home(directory));
        book.add(new Peer("bob", bobId, List.of(new HostPort("127.0.0.1", 7700))));
        book.add(new Peer("robert", bobId, List.of(new HostPort("10.0.0.2", 7700))));

        assertThat(book.all()).containsExactly(new Peer("robert", bobId, List.of(new HostPort("10.0.0.2", 7700))));
    }

    @Test
    void refusesANameThatBelongsToAnotherNodeAndChangesNothing() throws Exception {
        Home home = new Home(directory);
        AddressBook book = AddressBook.load(home);
        book.add(new Peer("bob", bobId, List.of()));
        String before = Files.readString(home.peers());

        assertThatThrownBy(() -> book.add(new Peer("bob", carolId, List.of()))).hasMessageContaining("already used");
        assertThatThrownBy(() -> book.add(new Peer("our", carolId, List.of()))).hasMessageContaining("reserved");
        assertThatThrownBy(() -> book.add(new Peer("a b", carolId, List.of()))).hasMessageContaining("not a valid name");
        assertThat(book.all()).extracting(Peer::nodeId).containsExactly(bobId);
        assertThat(Files.readString(home.peers())).isEqualTo(before);
    }

    @Test
    void removesByName() throws Exception {
        Home home = new Home(directory);
        AddressBook book = AddressBook.load(home);
        book.add(new Peer("bob", bobId, List.of()));

        assertThat(book.remove("bob")).isTrue();
        assertThat(book.remove("bob")).isFalse();
        assertThat(AddressBook.load(home).all()).isEmpty();
    }

    @Test
    void aCorruptAddressBookIsAClearError() throws Exception {
        Home home = new Home(directory);
        Files.writeString(home.peers(), "{not json");
        assertThatThrownBy(() -> AddressBook.load(home)).hasMessageContaining("cannot read the address book");
    }
}
