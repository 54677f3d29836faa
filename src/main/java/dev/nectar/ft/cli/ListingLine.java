package dev.nectar.ft.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.io.IOException;

/**
 * One line of a peer's listing as the node's API writes it ({@code ?format=ndjson}): a file ({@code name}, {@code size}),
 * a folder ({@code folder}, {@code files}, {@code size}), or the error that cut the listing short ({@code error},
 * {@code message}). Read field by field from the parser, not as a tree: a listing of 10,000 files made 10,000 trees,
 * and a young collection, for lines that print two fields each.
 */
record ListingLine(String name, String folder, long size, long files, String error, String message) {

    boolean isFolder() {
        return folder != null;
    }

    boolean isError() {
        return error != null;
    }

    /** Reads the object that starts at the parser's current token; fields it does not know are skipped. */
    static ListingLine read(JsonParser json) throws IOException {
        if (json.currentToken() != JsonToken.START_OBJECT) {
            throw JsonMappingException.from(json, "expected a listing's entry, found " + json.currentToken());
        }
        String name = null;
        String folder = null;
        String error = null;
        String message = null;
        long size = 0;
        long files = 0;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case "name" -> name = text(json, value);
                case "folder" -> folder = text(json, value);
                case "error" -> error = text(json, value);
                case "message" -> message = text(json, value);
                case "size" -> size = number(json, value);
                case "files" -> files = number(json, value);
                default -> json.skipChildren();
            }
        }
        if (error == null && (folder == null) == (name == null)) {
            throw JsonMappingException.from(json, "a listing's entry must name one file or one folder");
        }
        return new ListingLine(name, folder, size, files, error, message);
    }

    private static String text(JsonParser json, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw JsonMappingException.from(json, "expected a string for " + json.currentName() + ", found " + value);
        }
        return json.getText();
    }

    private static long number(JsonParser json, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT) {
            throw JsonMappingException.from(json, "expected a whole number for " + json.currentName() + ", found " + value);
        }
        return json.getLongValue();
    }
}
