package dev.nectar.ft.transfer;

import dev.nectar.ft.wire.FileManifest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many chunks each receiving worker of this node may have asked for and not yet received. Every chunk in
 * flight is a 1 MiB buffer on each node until it is on disk, so the node shares {@link #NODE_CHUNKS} among its
 * running downloads instead of giving each its own window: eight downloads at once hold no more memory than
 * three, and one download alone still gets the full {@link #PER_DOWNLOAD} window that keeps a short link busy. On a
 * long fat link a download may take its whole {@link #share} of the node's chunks if that raises its rate
 * ({@link WindowGrowth}). A batch of small files is one download here, its share counted in bytes: the small
 * files' bytes in flight.
 *
 * <p>It remembers the peers whose last download alone kept its share on a long fat link: the next download from one
 * of them has its whole share sent with the manifest, instead of two chunks, and is at full rate one round trip
 * after its request, where finding the link out again would take one more (as TCP keeps what it learnt of a route).
 */
public final class ReceiveWindow {
    static final int NODE_CHUNKS = 32;
    static final int PER_DOWNLOAD = 8;
    /** Two in flight, so that the next chunk is on its way while one is written. */
    static final int LEAST = 2;
    /** Long fat links remembered, the least recently judged forgotten first. */
    static final int PEERS_REMEMBERED = 256;

    private final AtomicInteger downloads = new AtomicInteger();
    private final Set<String> longFatPeers = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > PEERS_REMEMBERED;
        }
    });

    void join() {
        downloads.incrementAndGet();
    }

    void leave() {
        downloads.decrementAndGet();
    }

    /** The chunks one download on a short link may have in flight now. */
    int perDownload() {
        return Math.min(share(), PER_DOWNLOAD);
    }

    /** The node's chunks shared among its running downloads: what one download may have in flight at most. */
    int share() {
        return Math.clamp(NODE_CHUNKS / Math.max(1, downloads.get()), LEAST, NODE_CHUNKS);
    }

    /** A download alone from {@code peerNodeId} found its link long and fat, kept its share ({@code longFat}), or not. */
    synchronized void judged(String peerNodeId, boolean longFat) {
        longFatPeers.remove(peerNodeId);
        if (longFat) {
            longFatPeers.add(peerNodeId);
        }
    }

    /**
     * How many chunks a download from {@code peerNodeId} that starts afresh asks to have sent with the manifest: its
     * share if the last download alone from that peer kept it, else the two its window starts with.
     */
    synchronized int firstChunks(String peerNodeId) {
        return longFatPeers.contains(peerNodeId) ? share() : LEAST;
    }

    /** The same share in bytes, for a batch of small files of any sizes up to a chunk. */
    long bytesPerDownload() {
        return (long) perDownload() * FileManifest.DEFAULT_CHUNK_SIZE;
    }
}
