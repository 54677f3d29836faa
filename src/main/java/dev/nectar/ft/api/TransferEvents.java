package dev.nectar.ft.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.nectar.ft.net.Traffic;
import dev.nectar.ft.transfer.TransferRegistry;
import dev.nectar.ft.wire.TaggedJson;
import dev.nectar.ft.wire.TransferStatus;
import io.javalin.websocket.WsContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket event stream: every client gets the current transfers when it connects, then, at most ten
 * times a second, the latest status of each transfer that changed, and once a second the bytes the links
 * carried in the second before. Updates are coalesced per transfer, so a slow client holds at most one pending
 * status per transfer, never a growing queue.
 */
final class TransferEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransferEvents.class);
    private static final long FLUSH_MILLIS = 100;
    private static final int STATUSES_PER_EVENT = 500;

    private static final long ACTIVITY_MILLIS = 1000;

    private final TransferRegistry registry;
    private final Traffic traffic;
    private final Map<WsContext, Map<String, TransferStatus>> clients = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("api-events").factory());
    private final TransferRegistry.Subscription subscription;

    TransferEvents(TransferRegistry registry, Traffic traffic) {
        this.registry = registry;
        this.traffic = traffic;
        this.subscription = registry.subscribe(this::onUpdate);
        flusher.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        flusher.scheduleAtFixedRate(this::sendActivity, ACTIVITY_MILLIS, ACTIVITY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** {@code {"type":"activity","at":EPOCH_SECOND,"sent":B,"received":B}} for the last whole second. */
    private void sendActivity() {
        if (clients.isEmpty()) {
            return;
        }
        Traffic.Second last = traffic.lastSecond();
        String event = TaggedJson.object().put("type", "activity").put("at", last.epochSecond()).put("sent", last.sent())
                .put("received", last.received()).toString();
        clients.keySet().forEach(client -> {
            try {
                client.send(event);
            } catch (RuntimeException e) {
                LOG.debug("dropping an event client: {}", e.getMessage());
                clients.remove(client);
            }
        });
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
        List<TransferStatus> changed;
        synchronized (pending) {
            if (pending.isEmpty()) {
                return;
            }
            changed = List.copyOf(pending.values());
            pending.clear();
        }
        try {
            // In slices, so that one event stays small however many transfers changed (a folder of 100,000 files).
            for (int from = 0; from < changed.size(); from += STATUSES_PER_EVENT) {
                var slice = new Event(changed.subList(from, Math.min(changed.size(), from + STATUSES_PER_EVENT)));
                client.send(TaggedJson.MAPPER.writeValueAsString(slice));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a transfer status always serializes", e);
        } catch (RuntimeException e) {
            LOG.debug("dropping an event client: {}", e.getMessage());
            clients.remove(client);
        }
    }

    /** One event: {@code {"type":"transfers","transfers":[..]}}. */
    private record Event(String type, List<TransferStatus> transfers) {
        Event(List<TransferStatus> transfers) {
            this("transfers", transfers);
        }
    }

    @Override
    public void close() {
        subscription.close();
        flusher.shutdownNow();
    }
}
