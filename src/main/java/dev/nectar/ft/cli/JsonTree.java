package dev.nectar.ft.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * JSON values read into Jackson's trees and written from them with jackson-core's parser and generator alone. A
 * command that made an {@code ObjectMapper} (or called a tree's {@code toString}, which makes one) spent 35-45 ms of
 * its ~250 on that class's initialization, most of it a {@code GregorianCalendar} for dates no command reads
 * (docs/benchmarks.md); trees, parser and generator need none of it.
 */
final class JsonTree {
    /** The commands' one factory of parsers and generators: it closes nothing it was not asked to. */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTree() {}

    /** The value {@code bytes} begin with; a missing node when they hold none. */
    static JsonNode read(byte[] bytes) throws IOException {
        try (JsonParser json = FACTORY.createParser(bytes)) {
            return json.nextToken() == null ? NODES.missingNode() : read(json);
        }
    }

    /** The value at the parser's current token (or its next, if it has none yet), which it leaves on the value's end. */
    static JsonNode read(JsonParser json) throws IOException {
        JsonToken token = json.currentToken() == null ? json.nextToken() : json.currentToken();
        if (token == null) {
            throw new JsonParseException(json, "expected a JSON value, found the end of the input");
        }
        return switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (json.nextToken() == JsonToken.FIELD_NAME) {
                    String name = json.currentName();
                    json.nextToken();
                    object.set(name, read(json));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                while (json.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(json));
                }
                yield array;
            }
            case VALUE_STRING -> NODES.textNode(json.getText());
            case VALUE_NUMBER_INT -> switch (json.getNumberType()) {
                case INT -> NODES.numberNode(json.getIntValue());
                case LONG -> NODES.numberNode(json.getLongValue());
                default -> NODES.numberNode(json.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(json.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new JsonParseException(json, "expected a JSON value, found " + token);
        };
    }

    /** The tree as compact JSON text, as its {@code toString} writes it. */
    static String text(JsonNode tree) {
        // Into characters, not UTF-8 bytes: a generator of bytes escapes a character outside the BMP, as toString does not.
        StringWriter out = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            write(json, tree);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON into memory", e);
        }
        return out.toString();
    }

    static void write(JsonGenerator json, JsonNode tree) throws IOException {
        switch (tree.getNodeType()) {
            case OBJECT -> {
                json.writeStartObject();
                for (Map.Entry<String, JsonNode> field : tree.properties()) {
                    json.writeFieldName(field.getKey());
                    write(json, field.getValue());
                }
                json.writeEndObject();
            }
            case ARRAY -> {
                json.writeStartArray();
                for (JsonNode element : tree) {
                    write(json, element);
                }
                json.writeEndArray();
            }
            case STRING -> json.writeString(tree.textValue());
            case NUMBER -> writeNumber(json, tree);
            case BOOLEAN -> json.writeBoolean(tree.booleanValue());
            case NULL, MISSING -> json.writeNull();
            default -> throw new IllegalArgumentException("a JSON tree does not hold " + tree.getNodeType());
        }
    }

    private static void writeNumber(JsonGenerator json, JsonNode number) throws IOException {
        switch (number.numberType()) {
            case INT -> json.writeNumber(number.intValue());
            case LONG -> json.writeNumber(number.longValue());
            case BIG_INTEGER -> json.writeNumber(number.bigIntegerValue());
            case FLOAT -> json.writeNumber(number.floatValue());
            case BIG_DECIMAL -> json.writeNumber(number.decimalValue());
            default -> json.writeNumber(number.doubleValue());
        }
    }
}
