package dev.nectar.ft.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nectar.ft.home.HostPort;
import dev.nectar.ft.identity.AddressBook;
import dev.nectar.ft.identity.NodeId;
import dev.nectar.ft.identity.Peer;
import dev.nectar.ft.net.NearbyNodes;
import dev.nectar.ft.wire.ErrorReply;
import dev.nectar.ft.wire.TaggedJson;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** The nodes heard on the local network ({@code GET /api/nearby}) and adding one as a peer ({@code POST /api/nearby/add}). */
final class NearbyApi {
    private final NearbyNodes nearby;
    private final boolean discovering;
    private final AddressBook addressBook;

    NearbyApi(NearbyNodes nearby, boolean discovering, AddressBook addressBook) {
        this.nearby = nearby;
        this.discovering = discovering;
        this.addressBook = addressBook;
    }

    void list(Context context) {
        ObjectNode json = TaggedJson.object();
        json.put("discovery", discovering);
        ArrayNode nodes = json.putArray("nodes");
        for (NearbyNodes.Nearby node : nearby.current(System.nanoTime())) {
            ObjectNode entry = nodes.addObject();
            entry.put("name", node.name());
            entry.put("nodeId", node.nodeId().value());
            entry.put("shortId", node.nodeId().shortForm());
            ArrayNode addresses = entry.putArray("addresses");
            node.addresses().stream().map(HostPort::toString).forEach(addresses::add);
            Optional<Peer> peer = addressBook.find(node.nodeId());
            entry.put("peer", peer.map(Peer::name).orElse(null));
        }
        json.put("malformed", nearby.malformed());
        NodeApi.reply(context, json);
    }

    /** Adds a nearby node as a peer: {@code {"node": NAME_OR_ID, "as": NAME}}, by name when unique, else by node id. */
    void add(Context context) throws IOException {
        JsonNode request = NodeApi.jsonBody(context);
        String wanted = request.path("node").asText("");
        List<NearbyNodes.Nearby> heard = nearby.current(System.nanoTime());
        List<NearbyNodes.Nearby> matches = heard.stream().filter(node -> node.nodeId().value().equals(wanted)).toList();
        if (matches.isEmpty()) {
            matches = heard.stream().filter(node -> node.name().equals(wanted) || node.nodeId().value().startsWith(wanted) && wanted.length() >= 8).toList();
        }
        if (matches.isEmpty()) {
            throw new ApiException(404, ErrorReply.NOT_FOUND, "no node named '" + wanted + "' was heard nearby in the last minute (see `ft nearby`)");
        }
        if (matches.size() > 1) {
            throw new ApiException(409, "Conflict", "several nearby nodes are called '" + wanted + "': name one by its node id ("
                    + String.join(", ", matches.stream().map(node -> node.nodeId().value()).toList()) + ")");
        }
        NearbyNodes.Nearby node = matches.getFirst();
        String as = request.path("as").asText("");
        NodeId id = node.nodeId();
        try {
            Peer added = addressBook.add(new Peer(as.isBlank() ? node.name() : as, id, node.addresses()));
            context.status(201);
            NodeApi.reply(context, TaggedJson.object().put("name", added.name()).put("nodeId", id.value()).put("shortId", id.shortForm()));
        } catch (IllegalArgumentException e) {
            throw new ApiException(409, "Conflict", e.getMessage());
        }
    }
}
