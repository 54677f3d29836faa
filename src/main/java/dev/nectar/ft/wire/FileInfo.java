package dev.nectar.ft.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;

/** One entry of a {@code ListFiles} response: the seed's {@code {"name":..,"size":..}}. */
public record FileInfo(String name, long size) {
    /** {@code files} as an array of {@code {"name":..,"size":..}}, the shape of a listing on the wire and in the API. */
    public static ArrayNode toJson(List<FileInfo> files) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        files.forEach(file -> array.addObject().put("name", file.name()).put("size", file.size()));
        return array;
    }

    /** The entries of such an array, each checked; {@code entry} names one in an error. */
    public static List<FileInfo> fromJson(JsonNode array, String entry) throws MalformedMessageException {
        List<FileInfo> files = new ArrayList<>();
        for (JsonNode element : array) {
            TaggedJson file = new TaggedJson(entry, element);
            files.add(new FileInfo(file.text("name"), file.number("size")));
        }
        return files;
    }
}
