package dev.nectar.ft.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * What a receiver starting a download afresh asks the sender to send right behind the manifest, unasked: {@code count}
 * chunks from chunk {@code place} (modulo the file's chunk count), going round to the first chunk after the last.
 * They are the chunks of its first window, which a {@code Need} after the manifest would ask for a round trip later:
 * on a link 200 ms long, 200 ms of a download's start. The receiver picks its place at random, so that receivers
 * starting together fetch different chunks.
 */
public record FirstChunks(int count, int place) {
    /** A node's whole window of chunks in flight: more would be buffers no receiver grants. */
    public static final int MAX_COUNT = 32;

    public FirstChunks {
        if (count < 1 || count > MAX_COUNT || place < 0) {
            throw new IllegalArgumentException("first chunks: 1 to " + MAX_COUNT + " from a place >= 0, not " + count + " from " + place);
        }
    }

    /** The chunks meant, as ranges, for a file of {@code chunkCount} chunks (fewer if the file has fewer). */
    public List<ChunkRange> of(int chunkCount) {
        if (chunkCount <= 0) {
            return List.of();
        }
        int from = Math.floorMod(place, chunkCount);
        int chunks = Math.min(count, chunkCount);
        int untilEnd = Math.min(chunks, chunkCount - from);
        List<ChunkRange> ranges = new ArrayList<>(2);
        ranges.add(new ChunkRange(from, from + untilEnd));
        if (untilEnd < chunks) {
            ranges.add(new ChunkRange(0, chunks - untilEnd));
        }
        return List.copyOf(ranges);
    }
}
