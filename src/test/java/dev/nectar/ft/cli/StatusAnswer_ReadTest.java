package dev.nectar.ft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nectar.ft.wire.TransferStatus;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class StatusAnswer_ReadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TransferStatus FIRST = new TransferStatus("download-1", "bob", "a.txt", TransferStatus.DONE, 2, 2, 0, -1,
            "/tmp/a.txt", null, null, 1, 2, 0);
    private static final TransferStatus SECOND = FIRST.withState(TransferStatus.FAILED, "the disk is full");

    private static StatusAnswer read(String answer) throws IOException {
        try (JsonParser json = JSON.createParser(answer)) {
            return StatusAnswer.read(json);
        }
    }

    @Test
    void aListOfStatusesIsReadInOrder() throws Exception {
        StatusAnswer answer = read(JSON.writeValueAsString(new TransferStatus[] {FIRST, SECOND}));

        assertThat(answer.transfers()).containsExactly(FIRST, SECOND);
        assertThat(answer.rest().isEmpty()).isTrue();
    }

    @Test
    void anObjectGivesItsTransfersAndKeepsItsOtherFields() throws Exception {
        String overview = "{\"sequence\":41,\"transfers\":" + JSON.writeValueAsString(new TransferStatus[] {SECOND})
                + ",\"earlier\":{\"done\":3,\"failed\":1},\"tags\":[\"x\"]}";

        StatusAnswer answer = read(overview);

        assertThat(answer.transfers()).containsExactly(SECOND);
        assertThat(answer.rest().path("sequence").asLong()).isEqualTo(41);
        assertThat(answer.rest().path("earlier").path("failed").asLong()).isEqualTo(1);
        assertThat(answer.rest().path("tags").get(0).asText()).isEqualTo("x");
    }

    @Test
    void aStatusThatIsNotOneOrAnAnswerOfAnotherShapeIsRefusedAsJson() {
        assertThatThrownBy(() -> read("[{\"id\":\"download-1\",\"state\":\"done\",\"bytes\":\"two\"}]"))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("bytes is not a whole number");
        assertThatThrownBy(() -> read("\"nothing\"")).isInstanceOf(JsonProcessingException.class).hasMessageContaining("expected transfers");
        assertThatThrownBy(() -> read("[{\"id\":\"download-1\",\"state\":\"done\"}")).isInstanceOf(JsonProcessingException.class);
    }
}
