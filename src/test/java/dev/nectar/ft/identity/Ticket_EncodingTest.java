package dev.nectar.ft.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nectar.ft.home.HostPort;
import java.util.List;
import org.junit.jupiter.api.Test;

class Ticket_EncodingTest {
    private final NodeId id = NodeIdentity.generate().nodeId();

    @Test
    void decodesToWhatWasEncoded() {
        Ticket ticket = new Ticket("bob.nec", id, List.of(new HostPort("192.168.1.20", 7700), new HostPort("::1", 7700)));
        String encoded = ticket.encode();

        assertThat(encoded).startsWith("ft1").matches("[a-z2-7]+\\d?[a-z2-7]*").doesNotContain("=");
        assertThat(Ticket.decode("  " + encoded + "\n")).isEqualTo(ticket);
    }

    @Test
    void refusesTextThatIsNotAWholeTicket() {
        String encoded = new Ticket("bob", id, List.of(new HostPort("127.0.0.1", 1))).encode();
        assertThatThrownBy(() -> Ticket.decode("hello")).hasMessageContaining("not a ticket");
        assertThatThrownBy(() -> Ticket.decode(encoded.substring(0, encoded.length() / 2))).hasMessageContaining("copied whole");
        assertThatThrownBy(() -> Ticket.decode("ft1" + "a".repeat(5000))).hasMessageContaining("not a ticket");
        assertThatThrownBy(() -> Ticket.decode(null)).hasMessageContaining("not a ticket");
    }

    @Test
    void carriesRelaysOnlyWhenThereAreSomeAndStaysShortEnoughToPaste() {
        Ticket direct = new Ticket("bob", id, List.of(new HostPort("192.168.1.20", 7700)));
        Ticket relayed = direct.withRelays(List.of(new HostPort("203.0.113.7", 7700), new HostPort("relay.example.org", 443)));

        assertThat(Ticket.decode(relayed.encode())).isEqualTo(relayed);
        assertThat(Ticket.decode(direct.encode()).relays()).as("a ticket without relays, as before relays existed").isEmpty();
        assertThat(relayed.encode().length()).as("fits a QR code and a chat message").isLessThan(400);
    }
}
