package dev.nectar.ft.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a {@link WorkerMessage.Whole} as it streams, not through a tree: a batch's receiving worker reads one per small
 * file, and their trees were a sixth of a receiving node's allocations through a folder. It takes what the tree
 * reading takes (unknown fields passed over, the last of a repeated field kept) and refuses what it refuses.
 */
final class WholeReader {
    /** How this node writes a {@code Whole}; a body written otherwise (spaces, say) is read as a tree. */
    private static final byte[] START = "{\"Whole\":{".getBytes(StandardCharsets.US_ASCII);

    private WholeReader() {}

    static boolean reads(byte[] body) {
        return body.length > START.length && Arrays.equals(body, 0, START.length, START, 0, START.length);
    }

    static WorkerMessage.Whole read(byte[] body) throws MalformedMessageException {
        try (JsonParser json = TaggedJson.parser(body)) {
            // The object, its one field's name and the content's start: what reads() found.
            json.nextToken();
            json.nextToken();
            json.nextToken();
            String name = null;
            String fileHash = null;
            Long size = null;
            Long mtime = null;
            Long chunkSize = null;
            Long index = null;
            List<String> chunks = null;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                switch (field) {
                    case "name" -> name = text(json, value);
                    case "file_hash" -> fileHash = text(json, value);
                    case "size" -> size = wholeNumber(json, value);
                    case "mtime" -> mtime = wholeNumber(json, value);
                    case "chunk_size" -> chunkSize = wholeNumber(json, value);
                    case "index" -> index = wholeNumber(json, value);
                    case "chunks" -> chunks = hashes(json, value);
                    default -> json.skipChildren();
                }
            }
            if (json.currentToken() != JsonToken.END_OBJECT || json.nextToken() != JsonToken.END_OBJECT || json.nextToken() != null) {
                throw new MalformedMessageException("expected a message like {\"Whole\":{...}} and nothing after it");
            }
            if (index == null || index > Integer.MAX_VALUE) {
                throw new MalformedMessageException("Whole.index must be a whole number >= 0 and in range");
            }
            if (chunks == null) {
                throw new MalformedMessageException("a manifest needs an array 'chunks' of SHA-256 hashes");
            }
            if (chunkSize == null || chunkSize > Integer.MAX_VALUE) {
                throw new MalformedMessageException("Whole.chunk_size must be a whole number >= 0 and in range");
            }
            if (name == null || fileHash == null) {
                throw new MalformedMessageException("Whole needs the text fields 'name' and 'file_hash'");
            }
            if (size == null || mtime == null) {
                throw new MalformedMessageException("Whole.size and Whole.mtime must be whole numbers >= 0");
            }
            FileManifest manifest = new FileManifest(name, size, mtime, chunkSize.intValue(), chunks, fileHash);
            manifest.validate();
            return new WorkerMessage.Whole(index.intValue(), manifest);
        } catch (IOException e) {
            throw TaggedJson.notJson(e);
        }
    }

    /** The value if it is text; null otherwise, as if it were missing. */
    private static String text(JsonParser json, JsonToken value) throws IOException {
        json.skipChildren();
        return value == JsonToken.VALUE_STRING ? json.getText() : null;
    }

    /** The value if it is a whole number >= 0 that fits a long; null otherwise, as if it were missing. */
    private static Long wholeNumber(JsonParser json, JsonToken value) throws IOException {
        json.skipChildren();
        if (value != JsonToken.VALUE_NUMBER_INT || json.getNumberType() == JsonParser.NumberType.BIG_INTEGER || json.getLongValue() < 0) {
            return null;
        }
        return json.getLongValue();
    }

    /**
     * The chunks' hashes; null if {@code value} is not an array of text, which the tree reading refuses too (an element
     * that is not text is not a hash).
     */
    private static List<String> hashes(JsonParser json, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            json.skipChildren();
            return null;
        }
        List<String> hashes = new ArrayList<>(1);
        boolean allText = true;
        for (JsonToken element = json.nextToken(); element != JsonToken.END_ARRAY; element = json.nextToken()) {
            if (element == JsonToken.VALUE_STRING) {
                hashes.add(json.getText());
            } else {
                allText = false;
                json.skipChildren();
            }
        }
        return allText ? hashes : null;
    }
}
