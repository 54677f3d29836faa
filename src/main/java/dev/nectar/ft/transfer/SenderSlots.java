package dev.nectar.ft.transfer;

import java.util.HashMap;
import java.util.Map;

/**
 * How many sending workers may run at once, per asking node and in total, so that no peer (or all of them
 * together) can make this node hold an unbounded number of open files and buffers. Over the limit the asker is
 * told it is busy, and its receiving worker tries again later.
 */
public final class SenderSlots {
    private final int perPeer;
    private final int total;
    private final Map<String, Integer> byPeer = new HashMap<>();
    private int taken;

    public SenderSlots(int perPeer, int total) {
        this.perPeer = perPeer;
        this.total = total;
    }

    String describe() {
        return "at most " + perPeer + " per node, " + total + " in all";
    }

    /** Takes a slot for a transfer to {@code node}; false if none is free. */
    synchronized boolean acquire(String node) {
        int peers = byPeer.getOrDefault(node, 0);
        if (peers >= perPeer || taken >= total) {
            return false;
        }
        byPeer.put(node, peers + 1);
        taken++;
        return true;
    }

    synchronized void release(String node) {
        byPeer.computeIfPresent(node, (key, count) -> count <= 1 ? null : count - 1);
        taken--;
    }
}
