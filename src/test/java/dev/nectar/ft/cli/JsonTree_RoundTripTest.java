package dev.nectar.ft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The commands' JSON trees, read and written without an ObjectMapper, are the ones an ObjectMapper reads and writes. */
class JsonTree_RoundTripTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String[] DOCUMENTS = {
        "{\"peers\":[{\"name\":\"bob\",\"online\":true,\"addresses\":[\"127.0.0.1:7710\"],\"path\":null}]}",
        "[1,-2,2147483648,-9223372036854775808,92233720368547758070,1.5,-0.0,1e300,2.5E-8]",
        "{\"nested\":{\"deeper\":{\"empty\":{},\"none\":[]}},\"text\":\"tab\\t quote\\\" slash\\\\ \\u0001 é 😀\"}",
        "\"just a string\"", "42", "true", "null", "{}", "[]",
        "{\"duplicate\":1,\"duplicate\":2}",
    };

    @Test
    void whatItReadsIsWhatAnObjectMapperReadsAndItWritesWhatToStringWrites() throws Exception {
        for (String document : DOCUMENTS) {
            JsonNode ours = JsonTree.read(document.getBytes(StandardCharsets.UTF_8));
            JsonNode mappers = MAPPER.readTree(document);
            assertThat(ours).as(document).isEqualTo(mappers);
            assertThat(JsonTree.text(ours)).as(document).isEqualTo(mappers.toString());
        }
    }

    @Property
    void anyTextSurvivesTheRoundTrip(@ForAll String text) throws Exception {
        JsonNode tree = MAPPER.createObjectNode().put(text, text);
        assertThat(JsonTree.text(tree)).isEqualTo(tree.toString());
        assertThat(JsonTree.read(JsonTree.text(tree).getBytes(StandardCharsets.UTF_8))).isEqualTo(tree);
    }

    @Test
    void nothingIsAMissingValueAndBrokenJsonIsAParseError() throws Exception {
        assertThat(JsonTree.read(new byte[0]).isMissingNode()).isTrue();
        assertThat(JsonTree.read("   ".getBytes(StandardCharsets.UTF_8)).isMissingNode()).isTrue();
        for (String broken : new String[] {"{\"a\":", "[1,", "{\"a\" 1}", "tru", "]"}) {
            assertThatThrownBy(() -> JsonTree.read(broken.getBytes(StandardCharsets.UTF_8))).as(broken)
                    .isInstanceOf(JsonProcessingException.class);
        }
    }
}
