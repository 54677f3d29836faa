package dev.nectar.ft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nectar.ft.wire.FileInfo;
import dev.nectar.ft.wire.FolderInfo;
import dev.nectar.ft.wire.ListEntry;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListingLine_ReadTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every line of {@code lines} (NDJSON) as the command reads them. */
    private static List<ListingLine> read(String lines) throws IOException {
        List<ListingLine> read = new ArrayList<>();
        try (JsonParser json = JSON.createParser(lines)) {
            while (json.nextToken() != null) {
                read.add(ListingLine.read(json));
            }
        }
        return read;
    }

    /** {@code entries} as the node's API writes them, one per line. */
    private static String written(ListEntry... entries) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            for (ListEntry entry : entries) {
                entry.writeTo(json);
                json.writeRaw('\n');
            }
        }
        return out.toString();
    }

    @Test
    void filesAndFoldersAreReadAsTheNodeWritesThem() throws Exception {
        List<ListingLine> lines = read(written(new FileInfo("music/blue danube.mp3", 4_200_000_000L), new FolderInfo("photos", 3, 12),
                new FolderInfo("empty", 0, 0)));

        assertThat(lines).containsExactly(new ListingLine("music/blue danube.mp3", null, 4_200_000_000L, 0, null, null),
                new ListingLine(null, "photos", 12, 3, null, null), new ListingLine(null, "empty", 0, 0, null, null));
        assertThat(lines.get(0).isFolder()).isFalse();
        assertThat(lines.get(1).isFolder()).isTrue();
    }

    @Test
    void theLineThatEndsAFailedListingIsAnError() throws Exception {
        ListingLine line = read("{\"error\":\"PEER_UNREACHABLE\",\"message\":\"bob went away\"}\n").getFirst();

        assertThat(line.isError()).isTrue();
        assertThat(line.message()).isEqualTo("bob went away");
    }

    @Test
    void fieldsItDoesNotKnowAreSkippedWhateverTheirShape() throws Exception {
        List<ListingLine> lines = read("{\"hash\":{\"sha256\":[1,{\"x\":[]}]},\"name\":\"a\",\"mtime\":12.5,\"size\":7,\"tags\":[\"b\"]}\n"
                + "{\"name\":\"b\",\"size\":1}");

        assertThat(lines).containsExactly(new ListingLine("a", null, 7, 0, null, null), new ListingLine("b", null, 1, 0, null, null));
    }

    @Test
    void anEntryOfTheWrongShapeIsRefusedWithWhatWasWrong() {
        assertThatThrownBy(() -> read("{\"name\":\"a\",\"size\":\"seven\"}")).isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("expected a whole number for size");
        assertThatThrownBy(() -> read("{\"name\":7,\"size\":1}")).isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("expected a string for name");
        assertThatThrownBy(() -> read("{\"size\":1}")).isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("must name one file or one folder");
        assertThatThrownBy(() -> read("{\"name\":\"a\",\"folder\":\"b\",\"size\":1}")).isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("must name one file or one folder");
        assertThatThrownBy(() -> read("[{\"name\":\"a\",\"size\":1}]")).isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("expected a listing's entry");
    }
}
