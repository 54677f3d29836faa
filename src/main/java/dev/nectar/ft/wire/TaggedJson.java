package dev.nectar.ft.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Serde's externally tagged enum shape, which the seed's messages use: a unit variant is a string
 * ({@code "ListFiles"}), any other variant an object with one field named after it ({@code {"Size":123}}).
 */
public record TaggedJson(String tag, JsonNode content) {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /**
     * Every message but a listing (read entry by entry) holds a thousand entries at most; a peer's body of up to
     * 8 MiB of tiny JSON values would make a tree of some 100 MB, so a tree of more tokens than this is refused.
     */
    static final long MAX_TREE_TOKENS = 100_000;
    private static final ObjectMapper TREES = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxTokenCount(MAX_TREE_TOKENS).build()).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public static TaggedJson parse(byte[] body) throws MalformedMessageException {
        JsonNode root;
        try {
            root = TREES.readTree(body);
        } catch (IOException e) {
            throw notJson(e);
        }
        if (root == null || root.isMissingNode()) {
            throw new MalformedMessageException("body is empty");
        }
        if (root.isTextual()) {
            return new TaggedJson(root.asText(), NullNode.getInstance());
        }
        if (root.isObject() && root.size() == 1) {
            String tag = root.fieldNames().next();
            return new TaggedJson(tag, root.get(tag));
        }
        throw new MalformedMessageException("expected a message like \"ListFiles\" or {\"Name\":{...}}, got " + abbreviated(root));
    }

    /**
     * A parser of {@code body} with the same limits as {@link #parse}, for a message read as it streams rather than as
     * a tree; the caller says what it found in the same terms.
     */
    static JsonParser parser(byte[] body) throws MalformedMessageException {
        try {
            return TREES.createParser(body);
        } catch (IOException e) {
            throw notJson(e);
        }
    }

    static MalformedMessageException notJson(IOException e) {
        return new MalformedMessageException("body is not JSON: " + firstLine(e));
    }

    /** A step of writing JSON to memory, which cannot fail but is declared to. */
    interface InMemoryWrite {
        void run() throws IOException;
    }

    /** A generator writing to {@code out}, which the caller keeps in memory. */
    static JsonGenerator generatorTo(OutputStream out) {
        try {
            return MAPPER.createGenerator(out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory cannot fail", e);
        }
    }

    static void inMemory(InMemoryWrite step) {
        try {
            step.run();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory cannot fail", e);
        }
    }

    public static byte[] unit(String tag) {
        return bytes(JsonNodeFactory.instance.textNode(tag));
    }

    public static byte[] variant(String tag, JsonNode content) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.set(tag, content);
        return bytes(root);
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** A text field of an object variant, required. */
    public String text(String field) throws MalformedMessageException {
        JsonNode value = content.get(field);
        if (value == null || !value.isTextual()) {
            throw new MalformedMessageException(tag + " needs a text field '" + field + "'");
        }
        return value.asText();
    }

    /** A non-negative whole-number field of an object variant, required. */
    public long number(String field) throws MalformedMessageException {
        return nonNegative(content.get(field), tag + "." + field);
    }

    private static long nonNegative(JsonNode value, String what) throws MalformedMessageException {
        if (value == null || !value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 0) {
            throw new MalformedMessageException(what + " must be a whole number >= 0");
        }
        return value.asLong();
    }

    public MalformedMessageException unknown(String family, String expected) {
        return new MalformedMessageException("unknown " + family + " '" + abbreviated(tag) + "'; expected one of " + expected);
    }

    private static String abbreviated(Object value) {
        String text = String.valueOf(value);
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }

    private static String firstLine(IOException e) {
        String message = String.valueOf(e.getMessage());
        return message.lines().findFirst().orElse(message);
    }
}
