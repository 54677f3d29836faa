package dev.nectar.ft.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The commands read statuses by hand; what they read must be what Jackson wrote, field for field. */
class TransferStatus_FromJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every field with a value of its own, so that a field read into the wrong place or not at all shows. */
    private static final TransferStatus EVERY_FIELD = new TransferStatus("download-7", "bob", "films/", TransferStatus.RUNNING, 11, 12,
            13, 14, "/home/alice/films", "an error", "a note", 15, 16, 17, TransferStatus.SEND, 18, 19,
            List.of(new TransferStatus.Source("bob", 20, TransferStatus.Source.ORIGIN), new TransferStatus.Source("carol", 21, "refused")),
            22, new TransferStatus.Folder(23, 24, 25));

    @Test
    void aStatusWithEveryFieldSetReadsBackEqual() {
        assertThat(TransferStatus.fromJson(JSON.valueToTree(EVERY_FIELD))).isEqualTo(EVERY_FIELD);
    }

    @Test
    void aStatusWithNoSourcesNoFolderAndNoErrorReadsBackEqual() {
        TransferStatus plain = new TransferStatus("download-8", "bob", "movie.mkv", TransferStatus.DONE, 5, 5, 0, -1, "/tmp/movie.mkv",
                null, null, 1, 5, 0);

        assertThat(TransferStatus.fromJson(JSON.valueToTree(plain))).isEqualTo(plain);
    }

    @Test
    void aSettledMessageCarriesItsStatusesFieldForField() throws Exception {
        TransferStatus plain = new TransferStatus("download-8", "bob", "été/movie.mkv", TransferStatus.DONE, 5, 5, 0, -1, "/tmp/été/movie.mkv",
                null, null, 1, 5, 0);
        byte[] body = new TransferRequest.Settled(List.of(EVERY_FIELD, plain)).encode();

        assertThat(TransferRequest.decode(body)).isEqualTo(new TransferRequest.Settled(List.of(EVERY_FIELD, plain)));
    }

    @Test
    void aSettledOrProgressMessageWithAStatusThatIsNotOneIsRefusedAsMalformed() {
        for (String body : List.of("{\"Settled\":{\"statuses\":[null]}}", "{\"Settled\":{\"statuses\":[{\"id\":\"a\"}]}}",
                "{\"Settled\":{\"statuses\":[[]]}}", "{\"Progress\":{\"name\":\"a\",\"progress\":1,\"status\":3}}")) {
            assertThatThrownBy(() -> TransferRequest.decode(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))).as(body)
                    .isInstanceOf(MalformedMessageException.class);
        }
    }

    @Test
    void fieldsOfTheWrongKindAreRefusedByName() {
        assertThatThrownBy(() -> TransferStatus.fromJson(with("bytes", JSON.getNodeFactory().textNode("many"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bytes is not a whole number");
        assertThatThrownBy(() -> TransferStatus.fromJson(with("peer", JSON.getNodeFactory().numberNode(3))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("peer is not text");
        assertThatThrownBy(() -> TransferStatus.fromJson(with("attempts", JSON.getNodeFactory().numberNode(1L << 40))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attempts is out of range");
        assertThatThrownBy(() -> TransferStatus.fromJson(with("sources", JSON.getNodeFactory().textNode("bob"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sources are not a list");
        assertThatThrownBy(() -> TransferStatus.fromJson(with("folder", JSON.getNodeFactory().numberNode(3))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("folder counts are not an object");
        assertThatThrownBy(() -> TransferStatus.fromJson(with("rate", JSON.getNodeFactory().numberNode(1.5))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rate is not a whole number");
    }

    @Test
    void aStatusWithoutIdOrStateOrNotAnObjectIsRefused() {
        ObjectNode noId = JSON.valueToTree(EVERY_FIELD);
        noId.remove("id");
        ObjectNode noState = JSON.valueToTree(EVERY_FIELD);
        noState.putNull("state");

        assertThatThrownBy(() -> TransferStatus.fromJson(noId)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no id");
        assertThatThrownBy(() -> TransferStatus.fromJson(noState)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no state");
        assertThatThrownBy(() -> TransferStatus.fromJson(JSON.getNodeFactory().arrayNode()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an object");
    }

    @Test
    void fieldsANewerNodeAddsAreIgnored() {
        assertThat(TransferStatus.fromJson(with("priority", JSON.getNodeFactory().textNode("high")))).isEqualTo(EVERY_FIELD);
    }

    private static ObjectNode with(String field, JsonNode value) {
        ObjectNode json = JSON.valueToTree(EVERY_FIELD);
        json.set(field, value);
        return json;
    }
}
