package dev.nectar.ft.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RelayLine_ParseTest {
    private static String withoutNewline(RelayLine line) {
        String encoded = line.encode();
        assertThat(encoded).endsWith("\n");
        return encoded.substring(0, encoded.length() - 1);
    }

    @Test
    void requestsAndAnswersDecodeToThemselves() throws Exception {
        String id = "a".repeat(52);
        assertThat(RelayLine.decodeRequest(withoutNewline(new RelayLine.Join(id)))).isEqualTo(new RelayLine.Join(id));
        assertThat(RelayLine.decodeRequest(withoutNewline(new RelayLine.Accept("Zx_9-k")))).isEqualTo(new RelayLine.Accept("Zx_9-k"));
        assertThat(RelayLine.decodeAnswer(withoutNewline(new RelayLine.Joined("relay1")))).isEqualTo(new RelayLine.Joined("relay1"));
        assertThat(RelayLine.decodeAnswer(withoutNewline(new RelayLine.Refused("full\nnow")))).isEqualTo(new RelayLine.Refused("full now"));
        assertThat(new RelayLine.Join(id).encode().getBytes()[0]).isEqualTo(RelayLine.FIRST_BYTE);
    }

    @Test
    void garbageIsMalformedWithAPrintableReason() {
        assertThatThrownBy(() -> RelayLine.decodeRequest("GET / HTTP/1.1")).isInstanceOf(MalformedFrameException.class)
                .hasMessage("not a relay request: 'GET / HTTP/1.1'");
        assertThatThrownBy(() -> RelayLine.decodeRequest(RelayLine.MAGIC + " join ../../etc\u0007"))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("not a node id or session key");
        assertThatThrownBy(() -> RelayLine.decodeRequest("ftrelay1 join " + "a".repeat(52)))
                .as("another protocol version").isInstanceOf(MalformedFrameException.class);
        assertThatThrownBy(() -> RelayLine.decodeAnswer("maybe")).isInstanceOf(MalformedFrameException.class);
    }

    @Test
    void aRelayNameMustBeANodesNameAndARefusalArrivesWithoutControlCharacters() throws Exception {
        for (String name : List.of("", "relay\u001b]0;owned\u0007", "relay one", "-relay")) {
            assertThatThrownBy(() -> RelayLine.decodeAnswer("ok " + name)).isInstanceOf(MalformedFrameException.class)
                    .hasMessageNotContaining("\u001b");
        }
        assertThat(RelayLine.decodeAnswer("no full\u001b[2J\u009bnow\r")).isEqualTo(new RelayLine.Refused("full?[2J?now?"));
    }
}
