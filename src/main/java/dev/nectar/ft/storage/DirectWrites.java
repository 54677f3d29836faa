package dev.nectar.ft.storage;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A file opened a second time for direct I/O ({@code O_DIRECT}): whole blocks written past the page cache, copied
 * through a small pool of aligned buffers that the node shares. A download makes every byte durable before it
 * reports it, so the page cache holds nothing anyone waits for, and copying into it was the receiving node's
 * costliest step after the hash: 1 GiB written in 1 MiB pieces and fsynced took 0.9-1.7 CPU s through the page cache
 * and 0.2-0.5 s direct (the copy into fresh page-cache memory is the part that varied, up to half the receiving
 * node's CPU on this VM).
 *
 * <p>What it cannot take it refuses, and the caller writes those bytes through the page cache: a piece that does not
 * start and end on a block (a file's last chunk), a moment when every pooled buffer is in use, a file system without
 * direct I/O. The kernel keeps the two views of the file coherent, and one fsync of either channel covers both.
 */
final class DirectWrites implements AutoCloseable {
    /** The buffers' address alignment: a multiple of every block size this accepts. */
    private static final int BUFFER_ALIGNMENT = 4096;
    static final int BUFFER_BYTES = 1 << 20;
    /** More writers at once than this would only queue for the disk: 8 MiB of direct memory at most. */
    static final int POOL = 8;
    private static final ArrayBlockingQueue<ByteBuffer> FREE = new ArrayBlockingQueue<>(POOL);
    private static final AtomicInteger MADE = new AtomicInteger();

    private final FileChannel channel;
    private final int blockSize;

    private DirectWrites(FileChannel channel, int blockSize) {
        this.channel = channel;
        this.blockSize = blockSize;
    }

    /** {@code file}, on {@code store}, opened for direct writes; empty where its file system does not do them. */
    static Optional<DirectWrites> open(Path file, FileStore store) {
        try {
            long blockSize = store.getBlockSize();
            if (blockSize <= 0 || BUFFER_ALIGNMENT % blockSize != 0) {
                return Optional.empty();
            }
            return Optional.of(new DirectWrites(FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT),
                    (int) blockSize));
        } catch (IOException | UnsupportedOperationException noDirectIo) {
            return Optional.empty();
        }
    }

    /**
     * Writes {@code bytes} at {@code offset} and returns true, or returns false having written nothing if the piece
     * is not whole blocks or no buffer is free. The buffer's position is left as it was.
     *
     * @throws IOException if the file system refused the write; part of the piece may be written
     */
    boolean write(ByteBuffer bytes, long offset) throws IOException {
        if (offset % blockSize != 0 || bytes.remaining() % blockSize != 0) {
            return false;
        }
        ByteBuffer buffer = take();
        if (buffer == null) {
            return false;
        }
        try {
            long at = offset;
            for (int from = bytes.position(); from < bytes.limit(); ) {
                int piece = Math.min(bytes.limit() - from, BUFFER_BYTES);
                buffer.clear().put(bytes.slice(from, piece)).flip();
                while (buffer.hasRemaining()) {
                    at += channel.write(buffer, at);
                }
                from += piece;
            }
            return true;
        } finally {
            FREE.offer(buffer);
        }
    }

    private static ByteBuffer take() {
        ByteBuffer free = FREE.poll();
        if (free != null || MADE.getAndUpdate(made -> Math.min(made + 1, POOL)) >= POOL) {
            return free;
        }
        return ByteBuffer.allocateDirect(BUFFER_BYTES + BUFFER_ALIGNMENT).alignedSlice(BUFFER_ALIGNMENT).limit(BUFFER_BYTES).slice();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
