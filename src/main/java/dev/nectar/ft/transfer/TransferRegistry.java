package dev.nectar.ft.transfer;

import dev.nectar.ft.wire.TransferStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The latest status of every transfer this node receives or sends, for the API and its event stream; the
 * registry stamps when each started and finished. Every update gets
 * the next sequence number, so a client can ask for what changed since it last looked instead of for
 * everything, at a cost that grows with the changes, not with the transfers. Finished transfers beyond
 * {@link #MAX_FINISHED} are forgotten, the longest finished first, so the registry does not grow without bound.
 */
public final class TransferRegistry {
    public static final int MAX_FINISHED = 20_000;

    /**
     * The statuses that changed after a sequence number, and the sequence number to ask from next time.
     *
     * @param forgotten the last change of the most recently forgotten transfer: a client that last looked before
     *                  it may have missed how some transfers ended
     */
    public record Changes(long sequence, long forgotten, List<TransferStatus> transfers) {}

    private record Entry(long sequence, TransferStatus status) {}

    /** In the order of their last change, the newest last. */
    private final LinkedHashMap<String, Entry> transfers = new LinkedHashMap<>();
    /** The finished ones, in the order they finished. */
    private final LinkedHashSet<String> finishedOrder = new LinkedHashSet<>();
    /** Unfinished transfers by the path they write, so that a new download's check does not scan them all. */
    private final Map<String, TransferStatus> activeByPath = new HashMap<>();
    private final List<Consumer<TransferStatus>> listeners = new CopyOnWriteArrayList<>();
    private long sequence;
    private long forgotten;

    public void update(TransferStatus reported) {
        TransferStatus status;
        synchronized (transfers) {
            Entry previous = transfers.remove(reported.id());
            long now = System.currentTimeMillis();
            long started = previous != null && previous.status().startedAt() > 0 ? previous.status().startedAt() : now;
            long finished = !reported.isFinished() ? 0
                    : previous != null && previous.status().isFinished() && previous.status().finishedAt() > 0 ? previous.status().finishedAt() : now;
            status = reported.withTimes(started, finished);
            if (previous != null) {
                activeByPath.remove(previous.status().path(), previous.status());
                finishedOrder.remove(status.id());
            }
            if (status.isFinished()) {
                finishedOrder.addLast(status.id());
            } else if (!status.isUpload()) {
                activeByPath.put(status.path(), status);
            }
            transfers.put(status.id(), new Entry(++sequence, status));
            forgetOldFinished();
        }
        listeners.forEach(listener -> listener.accept(status));
    }

    private void forgetOldFinished() {
        while (finishedOrder.size() > MAX_FINISHED) {
            Entry gone = transfers.remove(finishedOrder.removeFirst());
            forgotten = Math.max(forgotten, gone.sequence());
        }
    }

    /** Forgets every finished transfer (paused ones stay: they wait for the owner); returns how many. */
    public int clearFinished() {
        synchronized (transfers) {
            List<String> ended = finishedOrder.stream()
                    .filter(id -> !transfers.get(id).status().state().equals(TransferStatus.PAUSED)).toList();
            ended.forEach(id -> {
                finishedOrder.remove(id);
                forgotten = Math.max(forgotten, transfers.remove(id).sequence());
            });
            return ended.size();
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
            for (Entry entry : transfers.sequencedValues().reversed()) {
                if (entry.sequence() <= since) {
                    break;
                }
                changed.add(entry.status());
            }
            return new Changes(sequence, forgotten, changed.reversed());
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
