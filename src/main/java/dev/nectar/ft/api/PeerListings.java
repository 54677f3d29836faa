package dev.nectar.ft.api;

import dev.nectar.ft.wire.FileInfo;
import dev.nectar.ft.wire.MalformedMessageException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The latest listing fetched from the peers browsed lately, each with its version and its API answer encoded once.
 * Asking a peer again sends only that version; while its drive lists the same, the peer answers in a few bytes and
 * this node sends the kept answer, so browsing a drive of 10,000 files costs neither node a decode or an encode.
 * Kept by bytes, least recently used first out, so the memory it takes does not grow with the number of peers.
 */
final class PeerListings {
    /** A listing: the version the peer gave it and the API's JSON array of {@code {"name":..,"size":..}}. */
    record Listing(String version, byte[] json) {
        List<FileInfo> files() {
            try {
                return FileInfo.fromJsonBytes(json, "kept listing entry");
            } catch (MalformedMessageException e) {
                throw new IllegalStateException("a listing this node encoded does not parse: " + e.getMessage(), e);
            }
        }
    }

    private final long budgetBytes;
    private final Map<String, Listing> latest = new LinkedHashMap<>(16, 0.75f, true);
    private long keptBytes;

    PeerListings(long budgetBytes) {
        this.budgetBytes = budgetBytes;
    }

    synchronized Optional<Listing> get(String peer) {
        return Optional.ofNullable(latest.get(peer));
    }

    /** Encodes {@code files} for the API once and keeps them as {@code peer}'s listing at {@code version}. */
    Listing put(String peer, String version, List<FileInfo> files) {
        Listing listing = new Listing(version, FileInfo.toJsonBytes(files));
        synchronized (this) {
            forget(peer);
            if (listing.json().length <= budgetBytes) {
                latest.put(peer, listing);
                keptBytes += listing.json().length;
                for (Iterator<Listing> eldest = latest.values().iterator(); keptBytes > budgetBytes; ) {
                    keptBytes -= eldest.next().json().length;
                    eldest.remove();
                }
            }
        }
        return listing;
    }

    synchronized void forget(String peer) {
        Listing gone = latest.remove(peer);
        if (gone != null) {
            keptBytes -= gone.json().length;
        }
    }
}
