package dev.nectar.ft.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nectar.ft.transfer.TransferRegistry;
import dev.nectar.ft.wire.TaggedJson;
import dev.nectar.ft.wire.TransferStatus;
import io.javalin.websocket.WsContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket event stream: every client gets the current transfers when it connects, then, at most ten
 * times a second, the latest status of each transfer that changed. Updates are coalesced per transfer, so a slow
 * client holds at most one pending status per transfer, never a growing queue.
 */
final class TransferEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransferEvents.class);
    private static final long FLUSH_MILLIS = 100;

    private final TransferRegistry registry;
    private final Map<WsContext, Map<String, TransferStatus>> clients = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("api-events").factory());
    private final AutoCloseable subscription;

    TransferEvents(TransferRegistry registry) {
        this.registry = registry;
        this.subscription = registry.subscribe(this::onUpdate);
        flusher.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    void connect(WsContext client) {
        Map<String, TransferStatus> pending = new LinkedHashMap<>();
        registry.all().forEach(status -> pending.put(status.id(), status));
        clients.put(client, pending);
        send(client, pending);
    }

    void disconnect(WsContext client) {
        clients.remove(client);
    }

    private void onUpdate(TransferStatus status) {
        clients.values().forEach(pending -> {
            synchronized (pending) {
                pending.put(status.id(), status);
            }
        });
    }

    private void flush() {
        clients.forEach(this::send);
    }

    private void send(WsContext client, Map<String, TransferStatus> pending) {
        ObjectNode event = TaggedJson.object();
        event.put("type", "transfers");
        ArrayNode transfers = event.putArray("transfers");
        synchronized (pending) {
            if (pending.isEmpty()) {
                return;
            }
            pending.values().forEach(status -> transfers.add(TaggedJson.MAPPER.valueToTree(status)));
            pending.clear();
        }
        try {
            client.send(event.toString());
        } catch (RuntimeException e) {
            LOG.debug("dropping an event client: {}", e.getMessage());
            clients.remove(client);
        }
    }

    @Override
    public void close() throws Exception {
        subscription.close();
        flusher.shutdownNow();
    }
}
