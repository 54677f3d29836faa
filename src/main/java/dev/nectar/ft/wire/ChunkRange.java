package dev.nectar.ft.wire;

/** Chunks {@code from} (inclusive) to {@code to} (exclusive) of a manifest, written {@code [from, to]} in JSON. */
public record ChunkRange(int from, int to) {
    public ChunkRange {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("bad chunk range [" + from + ", " + to + ")");
        }
    }

    public int count() {
        return to - from;
    }
}
