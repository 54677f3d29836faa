package dev.nectar.ft.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of a {@code ListFiles} response: the seed's {@code {"name":..,"size":..}}. A listing can hold 100,000
 * entries, so it is written and read entry by entry: as a JSON tree it would take ten times its bytes.
 */
public record FileInfo(String name, long size) implements ListEntry {
    /** {@code files} as an array of {@code {"name":..,"size":..}}, the shape of a listing on the wire and in the API. */
    public static ArrayNode toJson(List<FileInfo> files) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        files.forEach(file -> array.addObject().put("name", file.name()).put("size", file.size()));
        return array;
    }

    /** The same array, written out entry by entry. */
    public static byte[] toJsonBytes(List<FileInfo> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = TaggedJson.MAPPER.createGenerator(out)) {
            json.writeStartArray();
            for (FileInfo file : files) {
                file.writeTo(json);
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    @Override
    public void writeTo(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", name);
        json.writeNumberField("size", size);
        json.writeEndObject();
    }

    /** The same entry from a name already encoded as UTF-8, as a drive's listing keeps names, without a string. */
    static void write(JsonGenerator json, byte[] utf8, int offset, int length, long size) throws IOException {
        json.writeStartObject();
        json.writeFieldName("name");
        json.writeUTF8String(utf8, offset, length);
        json.writeNumberField("size", size);
        json.writeEndObject();
    }

    /** The entries of such an array, already read as a tree, each checked as {@link #readArray} checks them. */
    public static List<FileInfo> fromJson(JsonNode array, String entry) throws MalformedMessageException {
        try (JsonParser json = array.traverse(TaggedJson.MAPPER)) {
            json.nextToken();
            return readArray(json, entry);
        } catch (IOException e) {
            throw new IllegalStateException("walking a JSON tree in memory cannot fail", e);
        }
    }

    /** The entries of an encoded array, read one by one. */
    public static List<FileInfo> fromJsonBytes(byte[] array, String entry) throws MalformedMessageException {
        try (JsonParser json = TaggedJson.MAPPER.createParser(array)) {
            if (json.nextToken() != JsonToken.START_ARRAY) {
                throw new MalformedMessageException(entry + "s must be an array");
            }
            List<FileInfo> files = readArray(json, entry);
            if (json.nextToken() != null) {
                throw new MalformedMessageException("trailing data after the " + entry + "s");
            }
            return files;
        } catch (IOException e) {
            throw new MalformedMessageException("not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Reads the array whose start the parser is at, up to and including its end; {@code entry} names one in an error. */
    static List<FileInfo> readArray(JsonParser json, String entry) throws IOException, MalformedMessageException {
        List<FileInfo> files = new ArrayList<>();
        for (JsonToken token = json.nextToken(); token != JsonToken.END_ARRAY; token = json.nextToken()) {
            if (!(readEntry(json, token, entry, false) instanceof FileInfo file)) {
                throw new MalformedMessageException(entry + " must be a file");
            }
            files.add(file);
        }
        return files;
    }

    /**
     * Reads one entry whose first token is {@code token}: a file {@code {"name":..,"size":..}} or, if
     * {@code folders} allows, a {@link FolderInfo} {@code {"folder":..,"files":..,"size":..}}.
     */
    static ListEntry readEntry(JsonParser json, JsonToken token, String entry, boolean folders) throws IOException, MalformedMessageException {
        if (token != JsonToken.START_OBJECT) {
            throw new MalformedMessageException(entry + " must be an object");
        }
        String name = null;
        String folder = null;
        long size = -1;
        long files = -1;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case "name" -> name = value == JsonToken.VALUE_STRING ? json.getText() : null;
                case "folder" -> folder = value == JsonToken.VALUE_STRING ? json.getText() : null;
                case "size" -> size = wholeNumber(json, value);
                case "files" -> files = wholeNumber(json, value);
                default -> json.skipChildren();
            }
        }
        boolean isFolder = folders && folder != null && name == null;
        if (!isFolder && name == null) {
            throw new MalformedMessageException(entry + " needs a text field 'name'");
        }
        if (size < 0) {
            throw new MalformedMessageException(entry + ".size must be a whole number >= 0");
        }
        if (isFolder && (files < 0 || (files == 0 && size > 0))) {
            throw new MalformedMessageException(entry + ".files must be a whole number >= 0, and >= 1 with a size");
        }
        return isFolder ? new FolderInfo(folder, files, size) : new FileInfo(name, size);
    }

    private static long wholeNumber(JsonParser json, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_NUMBER_INT && json.getNumberType() != JsonParser.NumberType.BIG_INTEGER ? json.getLongValue() : -1;
    }
}
