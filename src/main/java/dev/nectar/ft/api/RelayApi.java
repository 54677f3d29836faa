package dev.nectar.ft.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nectar.ft.home.HostPort;
import dev.nectar.ft.identity.Ticket;
import dev.nectar.ft.net.Network;
import dev.nectar.ft.net.RelayRegistrations;
import dev.nectar.ft.wire.ErrorReply;
import dev.nectar.ft.wire.TaggedJson;
import io.javalin.http.Context;
import java.io.IOException;

/**
 * The relays this node registers with: {@code GET /api/relays}, {@code POST /api/relays {"ticket": ..}} and
 * {@code DELETE /api/relays/{name}}, each applied at once and kept in config.toml.
 */
final class RelayApi {
    private final Network network;

    RelayApi(Network network) {
        this.network = network;
    }

    /** {@code {"relay": bool, "load": {nodes, sessions, bufferedBytes} or null, "relays": [..]}}. */
    void list(Context context) {
        ObjectNode json = TaggedJson.object();
        json.put("relay", network.isRelay());
        json.set("load", network.relayLoad().map(load -> (com.fasterxml.jackson.databind.JsonNode) TaggedJson.object()
                .put("nodes", load.nodes()).put("sessions", load.sessions()).put("bufferedBytes", load.bufferedBytes()))
                .orElse(null));
        json.set("relays", relaysJson(network.relays()));
        NodeApi.reply(context, json);
    }

    void add(Context context) throws IOException {
        Ticket relay;
        try {
            relay = Ticket.decode(NodeApi.jsonBody(context).path("ticket").asText(""));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, ErrorReply.BAD_REQUEST, e.getMessage());
        }
        try {
            network.relays().add(relay);
        } catch (IllegalArgumentException e) {
            throw new ApiException(409, "Conflict", e.getMessage());
        }
        context.status(201);
        NodeApi.reply(context, TaggedJson.object().put("name", relay.name()).put("nodeId", relay.nodeId().value())
                .put("shortId", relay.nodeId().shortForm()));
    }

    void remove(Context context) throws IOException {
        String name = context.pathParam("name");
        if (!network.relays().remove(name)) {
            throw new ApiException(404, ErrorReply.NOT_FOUND, "this node uses no relay called '" + name + "' (see `ft relay ls`)");
        }
        context.status(204);
    }

    /** Each relay with whether this node is registered with it now, or what went wrong last. */
    static ArrayNode relaysJson(RelayRegistrations registrations) {
        ArrayNode relays = TaggedJson.MAPPER.createArrayNode();
        for (RelayRegistrations.Status status : registrations.status()) {
            ObjectNode entry = relays.addObject();
            entry.put("name", status.relay().name());
            entry.put("nodeId", status.relay().nodeId().value());
            entry.put("shortId", status.relay().nodeId().shortForm());
            ArrayNode addresses = entry.putArray("addresses");
            status.relay().addresses().stream().map(HostPort::toString).forEach(addresses::add);
            entry.put("registered", status.registered());
            entry.put("problem", status.problem());
        }
        return relays;
    }
}
