package dev.nectar.ft.transfer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.nectar.ft.wire.FileManifest;
import java.util.BitSet;
import java.util.Base64;

/**
 * The durable record of one unfinished download: who from, what, where to, the manifest once known, and the
 * chunks verified and fsynced so far. Written only after the data it describes is on disk, so it never claims
 * a chunk that a crash could lose; on resume the partial file is checked against the manifest all the same.
 *
 * @param peer       the peer's name when the download started, for people
 * @param peerNodeId the node to ask, whatever its name becomes
 * @param verified   base64 of the verified-chunk bit set
 * @param sizeHint   the size the peer listed when the download was asked for, or null if unknown: small files
 *                   travel in batches; the manifest, not this, says what arrives
 * @param partOf     the folder download that queued this file, or null
 * @param startedAt  when the download was asked for (epoch milliseconds), kept across restarts; 0 in journals written
 *                   before it was kept
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Journal(String id, String peer, String peerNodeId, String name, String target, boolean overwrite,
                      FileManifest manifest, String verified, int attempts, long wireBytes, long reusedBytes,
                      boolean paused, Long sizeHint, Part partOf, long startedAt) {

    /**
     * Which folder download queued a file, and in which of its chunks: a chunk's journals are written before the
     * folder's journal counts the chunk, so a crash between the two leaves journals the folder does not count yet.
     */
    record Part(String folder, long chunk) {}

    static Journal start(String id, String peer, String peerNodeId, String name, String target, boolean overwrite, Long sizeHint) {
        return start(id, peer, peerNodeId, name, target, overwrite, sizeHint, null);
    }

    static Journal start(String id, String peer, String peerNodeId, String name, String target, boolean overwrite, Long sizeHint,
                         Part partOf) {
        return new Journal(id, peer, peerNodeId, name, target, overwrite, null, "", 0, 0, 0, false, sizeHint, partOf, System.currentTimeMillis());
    }

    BitSet verifiedChunks() {
        return BitSet.valueOf(Base64.getDecoder().decode(verified));
    }

    /** The size of the file, once its manifest is known; 0 before. */
    long total() {
        return manifest == null ? 0 : manifest.size();
    }

    /** The bytes of the chunks this journal records as verified and durable. */
    long verifiedBytes() {
        return manifest == null ? 0 : verifiedChunks().stream().mapToLong(manifest::lengthOf).sum();
    }

    Journal withManifest(FileManifest newManifest, BitSet chunks) {
        return new Journal(id, peer, peerNodeId, name, target, overwrite, newManifest, encode(chunks), attempts, wireBytes, reusedBytes, paused, sizeHint, partOf, startedAt);
    }

    Journal withProgress(BitSet chunks, long newWireBytes, long newReusedBytes) {
        return new Journal(id, peer, peerNodeId, name, target, overwrite, manifest, encode(chunks), attempts, newWireBytes, newReusedBytes, paused, sizeHint, partOf, startedAt);
    }

    Journal withAttempts(int newAttempts) {
        return new Journal(id, peer, peerNodeId, name, target, overwrite, manifest, verified, newAttempts, wireBytes, reusedBytes, paused, sizeHint, partOf, startedAt);
    }

    Journal withPaused(boolean newPaused) {
        return new Journal(id, peer, peerNodeId, name, target, overwrite, manifest, verified, attempts, wireBytes, reusedBytes, newPaused, sizeHint, partOf, startedAt);
    }

    private static String encode(BitSet chunks) {
        return Base64.getEncoder().encodeToString(chunks.toByteArray());
    }
}
