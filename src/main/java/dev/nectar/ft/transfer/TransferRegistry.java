package dev.nectar.ft.transfer;

import dev.nectar.ft.wire.TransferStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The latest status of every transfer this node receives, for the API and its event stream. Every update gets
 * the next sequence number, so a client can ask for what changed since it last looked instead of for
 * everything. Finished transfers beyond {@link #MAX_FINISHED} are forgotten, oldest first, so the registry does
 * not grow without bound.
 */
public final class TransferRegistry {
    static final int MAX_FINISHED = 20_000;

    /** The statuses that changed after a sequence number, and the sequence number to ask from next time. */
    public record Changes(long sequence, List<TransferStatus> transfers) {}

    private record Entry(long sequence, TransferStatus status) {}

    private final Map<String, Entry> transfers = new LinkedHashMap<>();
    /** Unfinished transfers by the path they write, so that a new download's check does not scan them all. */
    private final Map<String, TransferStatus> activeByPath = new HashMap<>();
    private final List<Consumer<TransferStatus>> listeners = new CopyOnWriteArrayList<>();
    private long sequence;
    private int finished;

    public void update(TransferStatus status) {
        synchronized (transfers) {
            Entry previous = transfers.remove(status.id());
            if (previous != null && previous.status().isFinished()) {
                finished--;
            }
            if (previous != null) {
                activeByPath.remove(previous.status().path(), previous.status());
            }
            if (!status.isFinished()) {
                activeByPath.put(status.path(), status);
            }
            transfers.put(status.id(), new Entry(++sequence, status));
            if (status.isFinished()) {
                finished++;
            }
            forgetOldFinished();
        }
        listeners.forEach(listener -> listener.accept(status));
    }

    private void forgetOldFinished() {
        Iterator<Entry> oldest = transfers.values().iterator();
        while (finished > MAX_FINISHED && oldest.hasNext()) {
            if (oldest.next().status().isFinished()) {
                oldest.remove();
                finished--;
            }
        }
    }

    public Optional<TransferStatus> get(String id) {
        synchronized (transfers) {
            return Optional.ofNullable(transfers.get(id)).map(Entry::status);
        }
    }

    /** Every known transfer, least recently changed first. */
    public List<TransferStatus> all() {
        return changedSince(0).transfers();
    }

    /** The transfers whose status changed after {@code since}, least recently changed first. */
    public Changes changedSince(long since) {
        synchronized (transfers) {
            List<TransferStatus> changed = new ArrayList<>();
            // Entries are kept in the order of their last change, so the newest are at the end.
            for (Entry entry : transfers.values()) {
                if (entry.sequence() > since) {
                    changed.add(entry.status());
                }
            }
            return new Changes(sequence, changed);
        }
    }

    /** The unfinished transfer that writes to {@code path}, if any. */
    public Optional<TransferStatus> activeTo(String path) {
        synchronized (transfers) {
            return Optional.ofNullable(activeByPath.get(path));
        }
    }

    /** Calls {@code listener} with every update from now on, until the returned handle is closed. */
    public AutoCloseable subscribe(Consumer<TransferStatus> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
