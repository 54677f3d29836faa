package dev.nectar.ft.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nectar.ft.home.HostPort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.util.encoders.Base32;
import org.bouncycastle.util.encoders.DecoderException;

/**
 * One copy-pasteable token that tells another node how to reach this one: {@code ft1} followed by lower-case
 * base32 (no padding, so a double click selects all of it) of a small JSON object.
 */
public record Ticket(String name, NodeId nodeId, List<HostPort> addresses) {
    private static final String PREFIX = "ft1";
    private static final int MAX_LENGTH = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    public Ticket {
        addresses = List.copyOf(addresses);
    }

    public String encode() {
        ObjectNode object = JSON.createObjectNode();
        object.put("name", name);
        object.put("id", nodeId.value());
        ArrayNode list = object.putArray("addrs");
        addresses.forEach(address -> list.add(address.toString()));
        byte[] json = object.toString().getBytes(StandardCharsets.UTF_8);
        return PREFIX + Base32.toBase32String(json).replace("=", "").toLowerCase(Locale.ROOT);
    }

    public static Ticket decode(String text) {
        String value = text == null ? "" : text.strip();
        if (!value.startsWith(PREFIX) || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("not a ticket: a ticket starts with 'ft1' (print one with `ft id --ticket`)");
        }
        try {
            String base32 = value.substring(PREFIX.length()).toUpperCase(Locale.ROOT);
            String padded = base32 + "=".repeat((8 - base32.length() % 8) % 8);
            JsonNode object = JSON.readTree(Base32.decode(padded));
            String name = object.path("name").asText(null);
            NodeId id = new NodeId(object.path("id").asText(""));
            List<HostPort> addresses = new ArrayList<>();
            for (JsonNode address : object.path("addrs")) {
                addresses.add(HostPort.parse(address.asText()));
            }
            return new Ticket(name, id, addresses);
        } catch (IOException | DecoderException e) {
            throw new IllegalArgumentException("not a valid ticket (was it copied whole?)");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid ticket (was it copied whole?): " + e.getMessage());
        }
    }
}
