package dev.nectar.ft.wire;

/** Size limits on every field of a frame; a frame that breaks one is malformed. */
public record FrameLimits(int maxBodyBytes, int maxBlobBytes) {
    /** Room for the envelope: type, kind, id, timeout, four addresses of at most 255 bytes, lengths and flags. */
    private static final int MAX_HEADER_BYTES = 1 + 1 + 8 + 4 + 4 * 256 + 4 + 1 + 4;

    public FrameLimits {
        if (maxBodyBytes <= 0 || maxBlobBytes < 0) {
            throw new IllegalArgumentException("frame limits must be positive");
        }
    }

    public int maxFrameBytes() {
        return MAX_HEADER_BYTES + maxBodyBytes + maxBlobBytes;
    }
}
