package dev.nectar.ft.transfer;

import dev.nectar.ft.wire.TransferStatus;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The latest status of every transfer this node receives, for the API and its event stream. Finished transfers
 * beyond {@link #MAX_FINISHED} are forgotten, oldest first, so the registry does not grow without bound.
 */
public final class TransferRegistry {
    static final int MAX_FINISHED = 1000;

    private final Map<String, TransferStatus> transfers = new LinkedHashMap<>();
    private final List<Consumer<TransferStatus>> listeners = new CopyOnWriteArrayList<>();

    public void update(TransferStatus status) {
        synchronized (transfers) {
            transfers.put(status.id(), status);
            forgetOldFinished();
        }
        listeners.forEach(listener -> listener.accept(status));
    }

    private void forgetOldFinished() {
        long finished = transfers.values().stream().filter(TransferStatus::isFinished).count();
        Iterator<TransferStatus> oldest = transfers.values().iterator();
        while (finished > MAX_FINISHED && oldest.hasNext()) {
            if (oldest.next().isFinished()) {
                oldest.remove();
                finished--;
            }
        }
    }

    public Optional<TransferStatus> get(String id) {
        synchronized (transfers) {
            return Optional.ofNullable(transfers.get(id));
        }
    }

    public List<TransferStatus> all() {
        synchronized (transfers) {
            return new ArrayList<>(transfers.values());
        }
    }

    /** The unfinished transfer that writes to {@code path}, if any. */
    public Optional<TransferStatus> activeTo(String path) {
        synchronized (transfers) {
            return transfers.values().stream().filter(status -> !status.isFinished() && path.equals(status.path())).findFirst();
        }
    }

    /** Calls {@code listener} with every update from now on, until the returned handle is closed. */
    public AutoCloseable subscribe(Consumer<TransferStatus> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
