package dev.nectar.ft.transfer;

import dev.nectar.ft.wire.TransferStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The latest status of every transfer this node receives or sends, for the API and its event stream; the
 * registry stamps when each started and finished. Every update gets
 * the next sequence number, so a client can ask for what changed since it last looked instead of for
 * everything, at a cost that grows with the changes, not with the transfers. Finished transfers beyond
 * {@link #MAX_FINISHED} are forgotten, the longest finished first, so the registry does not grow without bound.
 * Those that ended are handed to {@link EndedTransfers}, which keeps them for the next start.
 */
public final class TransferRegistry {
    public static final int MAX_FINISHED = 20_000;
    /** The most transfers whose changes are asked for by id at once: their ids fit a request line (4 KiB). */
    public static final int MAX_IDS_ASKED = 200;

    /**
     * The statuses that changed after a sequence number, and the sequence number to ask from next time.
     *
     * @param forgotten the last change of the most recently forgotten transfer: a client that last looked before
     *                  it may have missed how some transfers ended
     */
    public record Changes(long sequence, long forgotten, List<TransferStatus> transfers) {}

    /**
     * A person's view of the transfers ({@link #overview}).
     *
     * @param transfers the transfers to show, least recently changed first
     * @param earlier   how many transfers that ended before those shown were left out, by state
     */
    public record Overview(List<TransferStatus> transfers, Map<String, Long> earlier) {}

    private record Entry(long sequence, TransferStatus status) {}

    /** Where the registry records the transfers that ended, to show them again after a restart ({@link TransferHistory}). */
    public interface EndedTransfers {
        /** Records nothing: the registry of a node that keeps no history, and of tests. */
        EndedTransfers NONE = new EndedTransfers() {
            @Override
            public void ended(TransferStatus status) {}

            @Override
            public void cleared() {}
        };

        /** A transfer is over (done, failed, cancelled), or its status changed while over: the latest counts. */
        void ended(TransferStatus status);

        /** The owner cleared the finished transfers. */
        void cleared();
    }

    /** In the order of their last change, the newest last. */
    private final LinkedHashMap<String, Entry> transfers = new LinkedHashMap<>();
    /** The finished ones, in the order they finished. */
    private final LinkedHashSet<String> finishedOrder = new LinkedHashSet<>();
    /** Unfinished transfers by the path they write, so that a new download's check does not scan them all. */
    private final Map<String, TransferStatus> activeByPath = new HashMap<>();
    private final List<Consumer<TransferStatus>> listeners = new CopyOnWriteArrayList<>();
    private long sequence;
    private long forgotten;
    /** How many transfers are not finished (running, queued, starting, resuming): none means the node is idle. */
    private int unfinished;
    private final EndedTransfers endings;

    public TransferRegistry() {
        this(List.of(), EndedTransfers.NONE);
    }

    /** A registry that shows {@code earlier} (transfers that ended before, the longest ended first) and records endings in {@code endings}. */
    public TransferRegistry(List<TransferStatus> earlier, EndedTransfers endings) {
        this.endings = endings;
        for (TransferStatus status : earlier) {
            transfers.put(status.id(), new Entry(++sequence, status));
            finishedOrder.addLast(status.id());
        }
        forgetOldFinished();
    }

    public void update(TransferStatus reported) {
        TransferStatus status;
        synchronized (transfers) {
            Entry previous = transfers.remove(reported.id());
            long now = System.currentTimeMillis();
            // A download resumed after a restart brings the start its journal kept.
            long started = previous != null && previous.status().startedAt() > 0 ? previous.status().startedAt()
                    : reported.startedAt() > 0 ? reported.startedAt() : now;
            long finished = !reported.isFinished() ? 0
                    : previous != null && previous.status().isFinished() && previous.status().finishedAt() > 0 ? previous.status().finishedAt() : now;
            status = reported.withTimes(started, finished);
            if (previous != null) {
                activeByPath.remove(previous.status().path(), previous.status());
                finishedOrder.remove(status.id());
                unfinished -= previous.status().isFinished() ? 0 : 1;
            }
            if (status.isFinished()) {
                finishedOrder.addLast(status.id());
            } else {
                unfinished++;
                if (!status.isUpload()) {
                    activeByPath.put(status.path(), status);
                }
            }
            transfers.put(status.id(), new Entry(++sequence, status));
            forgetOldFinished();
            // Under the lock, as a clear is: the file then gets endings and clears in the order they happened.
            if (isOver(status)) {
                endings.ended(status);
            }
            if (status.isFinished()) {
                transfers.notifyAll();
            }
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
            List<String> ended = finishedOrder.stream().filter(id -> isOver(transfers.get(id).status())).toList();
            ended.forEach(id -> {
                finishedOrder.remove(id);
                forgotten = Math.max(forgotten, transfers.remove(id).sequence());
            });
            endings.cleared();
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

    /**
     * What a person asks for when they look at a node's transfers: every one that is not over (paused ones too: they
     * wait for the owner), the {@code finished} most recently ended of the rest (done, failed, cancelled), least
     * recently changed first; and how many ended earlier, by state, left out. A node that moved a folder of 10,000
     * files answers in a few lines, not 10,000.
     *
     * @param which    the transfers to consider (a direction)
     * @param finished how many ended ones to show at most
     */
    public Overview overview(Predicate<TransferStatus> which, int finished) {
        List<TransferStatus> considered = all().stream().filter(which).toList();
        long ended = considered.stream().filter(TransferRegistry::isOver).count();
        List<TransferStatus> shown = new ArrayList<>();
        Map<String, Long> earlier = new TreeMap<>();
        long skip = Math.max(0, ended - finished);
        for (TransferStatus status : considered) {
            if (isOver(status) && skip > 0) {
                skip--;
                earlier.merge(status.state(), 1L, Long::sum);
            } else {
                shown.add(status);
            }
        }
        return new Overview(shown, earlier);
    }

    /** Ended, and needing nothing from anyone: paused transfers are finished for their workers but not over. */
    static boolean isOver(TransferStatus status) {
        return status.isFinished() && !status.state().equals(TransferStatus.PAUSED);
    }

    /**
     * As {@link #changedSince(long)}, of the transfers {@code ids} only: a command waiting for its folder asks after
     * one transfer, not the 10,000 files whose statuses change under it (the feed of a folder's every file was a
     * third of a receiving node's JSON, and more of the waiting command's CPU).
     */
    public Changes changedSince(long since, Collection<String> ids) {
        synchronized (transfers) {
            List<Entry> changed = new ArrayList<>();
            for (String id : ids) {
                Entry entry = transfers.get(id);
                if (entry != null && entry.sequence() > since) {
                    changed.add(entry);
                }
            }
            changed.sort(Comparator.comparingLong(Entry::sequence));
            return new Changes(sequence, forgotten, changed.stream().map(Entry::status).toList());
        }
    }

    /**
     * Waits until every one of {@code ids} has finished (or is not known), at most {@code timeout}; true if they have.
     * A command following its downloads hears of their end as it comes, not at its next look.
     */
    public boolean awaitFinished(Collection<String> ids, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (transfers) {
            while (!allFinished(ids)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(transfers, left);
            }
            return true;
        }
    }

    private boolean allFinished(Collection<String> ids) {
        for (String id : ids) {
            Entry entry = transfers.get(id);
            if (entry != null && !entry.status().isFinished()) {
                return false;
            }
        }
        return true;
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

    /** True when no transfer runs or waits to (paused ones wait for their owner, not for the node). */
    public boolean idle() {
        synchronized (transfers) {
            return unfinished == 0;
        }
    }

    /** The unfinished transfer that writes to {@code path}, if any. */
    public Optional<TransferStatus> activeTo(String path) {
        synchronized (transfers) {
            return Optional.ofNullable(activeByPath.get(path));
        }
    }

    /** Calls {@code listener} with every update from now on, until the returned subscription is closed. */
    public Subscription subscribe(Consumer<TransferStatus> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** A listener's place among the registry's; closing it cannot fail. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
