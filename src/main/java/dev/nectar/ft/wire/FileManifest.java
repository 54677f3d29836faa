package dev.nectar.ft.wire;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What a sender announces before any byte of a file moves: its size and modification time, the chunk size,
 * the SHA-256 of each chunk, and the file hash (SHA-256 of the chunk hashes, in order). Content-addressed by the
 * file hash, so that one day chunks may come from any node that has the same file.
 */
public record FileManifest(String name, long size, long mtimeMillis, int chunkSize, List<String> chunkHashes, String fileHash) {
    public static final int DEFAULT_CHUNK_SIZE = 1 << 20;
    /** Large files get larger chunks so that a manifest stays well under the frame body limit. */
    public static final int MAX_CHUNKS = 1 << 16;
    public static final int MAX_CHUNK_SIZE = 16 << 20;
    private static final HexFormat HEX = HexFormat.of();

    public FileManifest {
        chunkHashes = List.copyOf(chunkHashes);
    }

    /** The chunk size for a file of {@code size} bytes: 1 MiB, doubled until the file fits in {@link #MAX_CHUNKS} chunks. */
    public static int chunkSizeFor(long size) {
        long chunk = DEFAULT_CHUNK_SIZE;
        while (size > chunk * MAX_CHUNKS && chunk < MAX_CHUNK_SIZE) {
            chunk *= 2;
        }
        return (int) chunk;
    }

    public static int chunkCount(long size, int chunkSize) {
        return (int) ((size + chunkSize - 1) / chunkSize);
    }

    public int chunkCount() {
        return chunkHashes.size();
    }

    public long offsetOf(int chunk) {
        return (long) chunk * chunkSize;
    }

    public int lengthOf(int chunk) {
        return (int) Math.min(chunkSize, size - offsetOf(chunk));
    }

    /** True if chunk {@code chunk} is in the file and {@code bytes} (position to limit) are as long as it. */
    public boolean fits(int chunk, ByteBuffer bytes) {
        return chunk >= 0 && chunk < chunkCount() && bytes.remaining() == lengthOf(chunk);
    }

    /** True if {@code bytes} (from position to limit, left unmoved) are chunk {@code chunk} of this file, by length and SHA-256. */
    public boolean chunkMatches(int chunk, ByteBuffer bytes) {
        return chunkMatches(chunk, bytes, sha256());
    }

    /**
     * The same, hashing with {@code digest} (SHA-256, reset first): a caller that checks many small files keeps one,
     * since a new digest copies each direct buffer through a new 4 KiB array of its own.
     */
    public boolean chunkMatches(int chunk, ByteBuffer bytes, MessageDigest digest) {
        if (!fits(chunk, bytes)) {
            return false;
        }
        digest.reset();
        digest.update(bytes.duplicate());
        return hex(digest.digest()).equals(chunkHashes.get(chunk));
    }

    /** SHA-256 over the concatenated chunk hashes. */
    public static String fileHashOf(List<String> chunkHashes) {
        return fileHashOf(chunkHashes, sha256());
    }

    /** The same, hashing with {@code digest} (SHA-256, reset first), which a caller making many manifests keeps. */
    public static String fileHashOf(List<String> chunkHashes, MessageDigest digest) {
        digest.reset();
        chunkHashes.forEach(hash -> digest.update(HEX.parseHex(hash)));
        return HEX.formatHex(digest.digest());
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    public static String hex(byte[] hash) {
        return HEX.formatHex(hash);
    }

    /** Checks everything a receiver relies on; a manifest from the network that fails here is refused. */
    public void validate() throws MalformedMessageException {
        if (size < 0) {
            throw new MalformedMessageException("manifest size is negative");
        }
        if (chunkHashes.size() > MAX_CHUNKS) {
            throw new MalformedMessageException("manifest lists " + chunkHashes.size() + " chunks, more than " + MAX_CHUNKS);
        }
        if (chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
            throw new MalformedMessageException("manifest chunk size " + chunkSize + " is not between 1 and " + MAX_CHUNK_SIZE);
        }
        if (chunkHashes.size() != chunkCount(size, chunkSize)) {
            throw new MalformedMessageException("manifest lists " + chunkHashes.size() + " chunk hashes for "
                    + chunkCount(size, chunkSize) + " chunks");
        }
        for (String hash : chunkHashes) {
            requireSha256(hash);
        }
        requireSha256(fileHash);
        if (!fileHash.equals(fileHashOf(chunkHashes))) {
            throw new MalformedMessageException("manifest file hash does not match its chunk hashes");
        }
    }

    private static void requireSha256(String hash) throws MalformedMessageException {
        if (hash == null || hash.length() != 64 || !hash.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new MalformedMessageException("'" + hash + "' is not a SHA-256 in lower-case hex");
        }
    }
}
