package dev.nectar.ft.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nectar.ft.home.NodeConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a node says of itself on its local network, in one UDP datagram: its node id, name, the ports it listens
 * on, the protocol version, and an instance number that changes at every start. Only a hint: whoever dials the
 * address proves the node id in the TLS handshake, so a forged announcement can at most waste a dial.
 */
public record Announcement(String nodeId, String name, List<Integer> ports, int protocolVersion, long instance) {
    /** A datagram larger than this is not an announcement; one is some 200 bytes. */
    public static final int MAX_BYTES = 1024;
    private static final int MAX_PORTS = 8;
    private static final Pattern NODE_ID = Pattern.compile("[a-z2-7]{52}");
    private static final String TAG = "Announce";

    public Announcement {
        ports = List.copyOf(ports);
    }

    public byte[] encode() {
        ObjectNode content = TaggedJson.object();
        content.put("node", nodeId);
        content.put("name", name);
        ArrayNode list = content.putArray("ports");
        ports.forEach(list::add);
        content.put("version", protocolVersion);
        content.put("instance", instance);
        return TaggedJson.variant(TAG, content);
    }

    /** Reads the first {@code length} bytes of a datagram; anything but a well-formed announcement is refused. */
    public static Announcement decode(byte[] datagram, int length) throws MalformedMessageException {
        if (length > MAX_BYTES) {
            throw new MalformedMessageException("a datagram of " + length + " bytes is not an announcement");
        }
        TaggedJson json = TaggedJson.parse(Arrays.copyOf(datagram, length));
        if (!json.tag().equals(TAG)) {
            throw new MalformedMessageException("not an announcement: " + json.tag());
        }
        String node = json.text("node");
        String name = json.text("name");
        if (!NODE_ID.matcher(node).matches() || !NodeConfig.isValidName(name)) {
            throw new MalformedMessageException("an announcement needs a node id and a valid name");
        }
        JsonNode list = json.content().path("ports");
        if (!list.isArray() || list.isEmpty() || list.size() > MAX_PORTS) {
            throw new MalformedMessageException("an announcement lists 1 to " + MAX_PORTS + " ports");
        }
        List<Integer> ports = new ArrayList<>();
        for (JsonNode port : list) {
            if (!port.canConvertToInt() || !port.isIntegralNumber() || port.asInt() < 1 || port.asInt() > 65535) {
                throw new MalformedMessageException("an announced port must be 1-65535");
            }
            ports.add(port.asInt());
        }
        long version = json.number("version");
        if (version > Integer.MAX_VALUE) {
            throw new MalformedMessageException("an announced protocol version is out of range");
        }
        return new Announcement(node, name, ports, (int) version, json.number("instance"));
    }
}
