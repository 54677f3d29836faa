package dev.nectar.ft.storage;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A file opened a second time for direct I/O ({@code O_DIRECT}): whole blocks written past the page cache. A download
 * makes every byte durable before it reports it, so the page cache holds nothing anyone waits for, and copying into it
 * was the receiving node's costliest step after the hash: 1 GiB written in 1 MiB pieces and fsynced took 0.9-1.7 CPU s
 * through the page cache and 0.2-0.5 s direct (the copy into fresh page-cache memory is the part that varied, up to
 * half the receiving node's CPU on this VM).
 *
 * <p>A chunk whose memory starts on a {@link IncomingFile#DIRECT_WRITE_ALIGNMENT} boundary (the link gathers chunks so,
 * see {@code net.ChunkBuffers}) is written straight from it; any other is copied through one of a small pool of
 * aligned buffers. What it cannot take it refuses, and the caller writes those bytes through the page cache: a piece
 * that does not start and end on a block (a file's last chunk), a moment when it would need a pooled buffer and every
 * one is in use, a file system without direct I/O. The kernel keeps the two views of the file coherent, and one fsync
 * of either channel covers both.
 */
final class DirectWrites implements AutoCloseable {
    private final FileChannel channel;
    private final int blockSize;
    private final AlignedBuffers buffers;

    private DirectWrites(FileChannel channel, int blockSize, AlignedBuffers buffers) {
        this.channel = channel;
        this.blockSize = blockSize;
        this.buffers = buffers;
    }

    /** {@code file}, on {@code store}, opened for direct writes; empty where its file system does not do them. */
    static Optional<DirectWrites> open(Path file, FileStore store) {
        return open(file, store, AlignedBuffers.SHARED);
    }

    /** As {@link #open(Path, FileStore)}, copying unaligned chunks through {@code buffers}. */
    static Optional<DirectWrites> open(Path file, FileStore store, AlignedBuffers buffers) {
        try {
            long blockSize = store.getBlockSize();
            if (blockSize <= 0 || IncomingFile.DIRECT_WRITE_ALIGNMENT % blockSize != 0) {
                return Optional.empty();
            }
            return Optional.of(new DirectWrites(FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT),
                    (int) blockSize, buffers));
        } catch (IOException | UnsupportedOperationException noDirectIo) {
            return Optional.empty();
        }
    }

    /**
     * Writes {@code bytes} at {@code offset} and returns true, or returns false having written nothing if the piece
     * is not whole blocks, or would need a pooled buffer and none is free. The buffer's position is left as it was.
     *
     * @throws IOException if the file system refused the write; part of the piece may be written
     */
    boolean write(ByteBuffer bytes, long offset) throws IOException {
        if (offset % blockSize != 0 || bytes.remaining() % blockSize != 0) {
            return false;
        }
        if (bytes.isDirect() && bytes.alignmentOffset(bytes.position(), IncomingFile.DIRECT_WRITE_ALIGNMENT) == 0) {
            writeAll(bytes.duplicate(), offset);
            return true;
        }
        ByteBuffer buffer = buffers.take();
        if (buffer == null) {
            return false;
        }
        try {
            for (int from = bytes.position(); from < bytes.limit(); ) {
                int piece = Math.min(bytes.limit() - from, buffers.bytes());
                writeAll(buffer.clear().put(bytes.slice(from, piece)).flip(), offset + from - bytes.position());
                from += piece;
            }
            return true;
        } finally {
            buffers.give(buffer);
        }
    }

    private void writeAll(ByteBuffer bytes, long offset) throws IOException {
        for (long at = offset; bytes.hasRemaining(); ) {
            at += channel.write(bytes, at);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
