package dev.nectar.ft.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed's own JSON, byte for byte, decodes and encodes as the seed's serde would. */
class TransferMessages_SeedShapesTest {
    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void listFilesIsAUnitVariant() throws Exception {
        assertThat(TransferRequest.decode(json("\"ListFiles\""))).isEqualTo(new TransferRequest.ListFiles());
        assertThat(text(new TransferRequest.ListFiles().encode())).isEqualTo("\"ListFiles\"");
    }

    @Test
    void downloadCarriesTheTargetAsAnAddressString() throws Exception {
        String seed = "{\"Download\": {\"name\": \"dawg.jpeg\", \"target\": \"buenosaires.nec@file_transfer:file_transfer:template.nec\"}}";
        assertThat(TransferRequest.decode(json(seed)))
                .isEqualTo(new TransferRequest.Download("dawg.jpeg", new Address("buenosaires.nec", "file_transfer")));
        assertThat(text(new TransferRequest.Download("a.bin", new Address("bob", "file_transfer")).encode()))
                .isEqualTo("{\"Download\":{\"name\":\"a.bin\",\"target\":\"bob@file_transfer\"}}");
    }

    @Test
    void progressAndListFilesResponsesKeepTheSeedsShapes() throws Exception {
        assertThat(TransferRequest.decode(json("{\"Progress\":{\"name\":\"a.bin\",\"progress\":42}}")))
                .isEqualTo(new TransferRequest.Progress("a.bin", 42));
        String response = "{\"ListFiles\":[{\"name\":\"blue-danube.mp3\",\"size\":9668359}]}";
        TransferResponse decoded = TransferResponse.decode(json(response));
        assertThat(decoded).isEqualTo(new TransferResponse.ListFiles(List.of(new FileInfo("blue-danube.mp3", 9668359))));
        assertThat(text(decoded.encode())).isEqualTo(response);
    }

    @Test
    void errorsCarryAKindAndAMessage() throws Exception {
        byte[] encoded = new ErrorReply(ErrorReply.FORBIDDEN, "not on the allow-list").encode();
        assertThat(text(encoded)).isEqualTo("{\"Error\":{\"kind\":\"Forbidden\",\"message\":\"not on the allow-list\"}}");
        assertThat(ErrorReply.in(encoded)).contains(new ErrorReply("Forbidden", "not on the allow-list"));
        assertThat(ErrorReply.in(json("\"ListFiles\""))).isEmpty();
    }

    @Test
    void refusesUnknownOrMalformedBodiesWithAReason() {
        assertThatThrownBy(() -> TransferRequest.decode(json("\"Foo\""))).hasMessageContaining("unknown request 'Foo'");
        assertThatThrownBy(() -> TransferRequest.decode(json("{bad"))).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> TransferRequest.decode(json("[1,2]"))).hasMessageContaining("expected a message");
        assertThatThrownBy(() -> TransferRequest.decode(json("{\"Progress\":{\"name\":\"a\",\"progress\":-1}}")))
                .hasMessageContaining("whole number >= 0");
        assertThatThrownBy(() -> TransferRequest.decode(json("{\"Download\":{\"name\":\"a\",\"target\":\"nowhere\"}}")))
                .hasMessageContaining("Download.target");
        assertThatThrownBy(() -> TransferRequest.decode(json("\"ListFiles\" \"ListFiles\""))).hasMessageContaining("not JSON");
    }
}
