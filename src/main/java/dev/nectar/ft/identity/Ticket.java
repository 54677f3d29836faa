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
 * base32 (no padding, so a double click selects all of it) of a small JSON object. {@code relays} are the
 * addresses of relays the node is reachable through when none of its own addresses can be reached.
 */
public record Ticket(String name, NodeId nodeId, List<HostPort> addresses, List<HostPort> relays) {
    private static final String PREFIX = "ft1";
    private static final int MAX_LENGTH = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    public Ticket {
        addresses = List.copyOf(addresses);
        relays = List.copyOf(relays);
    }

    public Ticket(String name, NodeId nodeId, List<HostPort> addresses) {
        this(name, nodeId, addresses, List.of());
    }

    public Ticket withRelays(List<HostPort> newRelays) {
        return new Ticket(name, nodeId, addresses, newRelays);
    }

    public String encode() {
        ObjectNode object = JSON.createObjectNode();
        object.put("name", name);
        object.put("id", nodeId.value());
        ArrayNode list = object.putArray("addrs");
        addresses.forEach(address -> list.add(address.toString()));
        if (!relays.isEmpty()) {
            ArrayNode relayList = object.putArray("relays");
            relays.forEach(relay -> relayList.add(relay.toString()));
        }
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
            return new Ticket(name, id, hostPorts(object.path("addrs")), hostPorts(object.path("relays")));
        } catch (IOException | DecoderException e) {
            throw new IllegalArgumentException("not a valid ticket (was it copied whole?)");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid ticket (was it copied whole?): " + e.getMessage());
        }
    }

    /** The relays of config.toml, which keeps them as tickets. */
    public static List<Ticket> decodeConfiguredRelays(List<String> texts) {
        List<Ticket> relays = new ArrayList<>();
        for (String text : texts) {
            try {
                relays.add(decode(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("config.toml: relays has an entry that is " + e.getMessage());
            }
        }
        return relays;
    }

    private static List<HostPort> hostPorts(JsonNode list) {
        List<HostPort> hostPorts = new ArrayList<>();
        for (JsonNode item : list) {
            hostPorts.add(HostPort.parse(item.asText()));
        }
        return hostPorts;
    }
}
