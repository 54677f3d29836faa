package dev.nectar.ft.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nectar.ft.wire.TransferStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An answer of the API that carries transfers' statuses: a list of them, or an object whose {@code transfers} field
 * lists them beside other fields ({@code rest}). Each status is read as a tree and made a record one at a time
 * ({@link TransferStatus#fromJson}), so an answer about 100,000 transfers is never whole as trees in memory.
 */
record StatusAnswer(List<TransferStatus> transfers, ObjectNode rest) {

    static StatusAnswer read(JsonParser json) throws IOException {
        List<TransferStatus> transfers = new ArrayList<>();
        ObjectNode rest = JsonNodeFactory.instance.objectNode();
        JsonToken first = json.nextToken();
        if (first == JsonToken.START_ARRAY) {
            readStatuses(json, transfers);
        } else if (first == JsonToken.START_OBJECT) {
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                if (json.nextToken() == JsonToken.START_ARRAY && field.equals("transfers")) {
                    readStatuses(json, transfers);
                } else {
                    rest.set(field, JsonTree.read(json));
                }
            }
        } else {
            throw JsonMappingException.from(json, "expected transfers' statuses, found " + first);
        }
        return new StatusAnswer(transfers, rest);
    }

    private static void readStatuses(JsonParser json, List<TransferStatus> into) throws IOException {
        while (json.nextToken() != JsonToken.END_ARRAY) {
            JsonNode status = JsonTree.read(json);
            try {
                into.add(TransferStatus.fromJson(status));
            } catch (IllegalArgumentException e) {
                throw JsonMappingException.from(json, e.getMessage());
            }
        }
    }
}
