package dev.nectar.ft.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Locale;
import org.bouncycastle.util.encoders.Base32;

/**
 * Coverage-guided fuzzing of ticket decoding (Jazzer), the one text a person pastes from another machine: whatever
 * the JSON inside a ticket, decoding gives a ticket or refuses it with an {@link IllegalArgumentException} whose
 * message says why, never another error; and a ticket it gives encodes to text that decodes to the same ticket.
 * {@code scripts/fuzz.sh} runs it; as a unit test it replays the inputs under {@code Ticket_FuzzTestInputs/}.
 */
class Ticket_FuzzTest {
    @FuzzTest
    void ticketsCarryingAnyJson(byte[] json) {
        String text = "ft1" + Base32.toBase32String(json).replace("=", "").toLowerCase(Locale.ROOT);
        Ticket ticket;
        try {
            ticket = Ticket.decode(text);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).startsWith("not a");
            return;
        }
        assertThat(Ticket.decode(ticket.encode())).isEqualTo(ticket);
    }
}
