package dev.nectar.ft.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nectar.ft.identity.AddressBook;
import dev.nectar.ft.identity.NodeId;
import dev.nectar.ft.identity.Peer;
import dev.nectar.ft.net.Traffic;
import dev.nectar.ft.wire.TaggedJson;
import io.javalin.http.Context;
import java.util.Map;

/**
 * What this node's links carried ({@code GET /api/activity}): totals since start and over the last minute, per
 * peer and in all, and bytes per second both ways for the last five minutes, for the web UI's chart.
 */
final class ActivityApi {
    private final Traffic traffic;
    private final AddressBook addressBook;

    ActivityApi(Traffic traffic, AddressBook addressBook) {
        this.traffic = traffic;
        this.addressBook = addressBook;
    }

    void activity(Context context) {
        ObjectNode json = TaggedJson.object();
        json.set("total", totalsJson(traffic.total()));
        ArrayNode peers = json.putArray("peers");
        for (Map.Entry<NodeId, Traffic.Totals> entry : traffic.byNode().entrySet()) {
            ObjectNode peer = totalsJson(entry.getValue());
            peer.put("name", addressBook.find(entry.getKey()).map(Peer::name).orElse(null));
            peer.put("nodeId", entry.getKey().value());
            peer.put("shortId", entry.getKey().shortForm());
            peers.add(peer);
        }
        ArrayNode history = json.putArray("history");
        for (Traffic.Second second : traffic.history()) {
            history.addObject().put("at", second.epochSecond()).put("sent", second.sent()).put("received", second.received());
        }
        NodeApi.reply(context, json);
    }

    private static ObjectNode totalsJson(Traffic.Totals totals) {
        return TaggedJson.object().put("sent", totals.sent()).put("received", totals.received())
                .put("sentLastMinute", totals.sentLastMinute()).put("receivedLastMinute", totals.receivedLastMinute());
    }
}
