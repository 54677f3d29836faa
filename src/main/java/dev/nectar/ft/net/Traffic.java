package dev.nectar.ft.net;

import dev.nectar.ft.identity.NodeId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bytes this node's links carried, counted as frames above TLS: per remote node and in all, since the node
 * started and over the last minute, and, in all, per second for the last five minutes. Fixed rings: the cost
 * does not grow with time, and at most {@link #MAX_NODES} remote nodes are remembered (the one quiet longest
 * is forgotten first).
 */
public final class Traffic {
    public static final int HISTORY_SECONDS = 300;
    private static final int LAST_MINUTE = 60;
    private static final int MAX_NODES = 1024;

    /** Bytes both ways, since start and over the last minute. */
    public record Totals(long sent, long received, long sentLastMinute, long receivedLastMinute) {}

    /** The bytes of one second. */
    public record Second(long epochSecond, long sent, long received) {}

    private final Counter all = new Counter(HISTORY_SECONDS);
    private final Map<NodeId, Counter> byNode = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<NodeId, Counter> eldest) {
            return size() > MAX_NODES;
        }
    };

    void sent(NodeId node, long bytes) {
        count(node, bytes, true);
    }

    void received(NodeId node, long bytes) {
        count(node, bytes, false);
    }

    private synchronized void count(NodeId node, long bytes, boolean sent) {
        long second = System.currentTimeMillis() / 1000;
        all.add(second, bytes, sent);
        byNode.computeIfAbsent(node, id -> new Counter(LAST_MINUTE)).add(second, bytes, sent);
    }

    public synchronized Totals total() {
        return all.totals(System.currentTimeMillis() / 1000);
    }

    /** Each remote node this node exchanged bytes with, most recently active last. */
    public synchronized Map<NodeId, Totals> byNode() {
        long now = System.currentTimeMillis() / 1000;
        Map<NodeId, Totals> totals = new LinkedHashMap<>();
        byNode.forEach((node, counter) -> totals.put(node, counter.totals(now)));
        return totals;
    }

    /** The last {@link #HISTORY_SECONDS} whole seconds, oldest first, the one under way left out. */
    public synchronized List<Second> history() {
        return all.history(System.currentTimeMillis() / 1000, HISTORY_SECONDS);
    }

    /** The last whole second: what {@link #history()} ends with. */
    public synchronized Second lastSecond() {
        return all.history(System.currentTimeMillis() / 1000, 1).getFirst();
    }

    /** Totals and a ring of per-second buckets; each bucket knows its second, so a stale one reads as zero. */
    private static final class Counter {
        private final long[] seconds;
        private final long[] sentIn;
        private final long[] receivedIn;
        private long sent;
        private long received;

        Counter(int buckets) {
            seconds = new long[buckets];
            sentIn = new long[buckets];
            receivedIn = new long[buckets];
        }

        void add(long second, long bytes, boolean isSent) {
            int slot = (int) (second % seconds.length);
            if (seconds[slot] != second) {
                seconds[slot] = second;
                sentIn[slot] = 0;
                receivedIn[slot] = 0;
            }
            if (isSent) {
                sentIn[slot] += bytes;
                sent += bytes;
            } else {
                receivedIn[slot] += bytes;
                received += bytes;
            }
        }

        Totals totals(long now) {
            long sentRecently = 0;
            long receivedRecently = 0;
            for (int i = 0; i < seconds.length; i++) {
                if (now - seconds[i] < LAST_MINUTE) {
                    sentRecently += sentIn[i];
                    receivedRecently += receivedIn[i];
                }
            }
            return new Totals(sent, received, sentRecently, receivedRecently);
        }

        List<Second> history(long now, int count) {
            List<Second> history = new ArrayList<>(count);
            for (long second = now - count; second < now; second++) {
                int slot = (int) (second % seconds.length);
                boolean current = seconds[slot] == second;
                history.add(new Second(second, current ? sentIn[slot] : 0, current ? receivedIn[slot] : 0));
            }
            return history;
        }
    }
}
