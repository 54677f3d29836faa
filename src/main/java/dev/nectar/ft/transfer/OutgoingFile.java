package dev.nectar.ft.transfer;

import dev.nectar.ft.net.ChunkBuffers;
import dev.nectar.ft.storage.ManifestCache;
import dev.nectar.ft.vfs.FileProblem;
import dev.nectar.ft.wire.FileManifest;
import dev.nectar.ft.wire.FirstChunks;
import dev.nectar.ft.wire.WorkerMessage;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * One file, sent in chunks after its manifest, the first of them right behind it if the receiver asked so; it stops
 * with "source changed" if the file is modified meanwhile.
 */
final class OutgoingFile implements Outgoing {
    private final String name;
    private final Path file;
    private final ManifestCache manifests;
    private final FirstChunks first;
    private final long requestedAtNanos = System.nanoTime();
    private FileManifest manifest;
    private FileChannel channel;

    /** @param first the chunks to send right behind the manifest, or null: none */
    OutgoingFile(String name, Path file, ManifestCache manifests, FirstChunks first) {
        this.name = name;
        this.file = file;
        this.manifests = manifests;
        this.first = first;
    }

    @Override
    public String description() {
        return name;
    }

    @Override
    public String path() {
        return file.toString();
    }

    @Override
    public long size() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public WorkerMessage.Manifest announce() throws IOException {
        manifest = manifests.manifestOf(name, file);
        channel = FileChannel.open(file, StandardOpenOption.READ);
        if (first == null) {
            return new WorkerMessage.Manifest(manifest);
        }
        return new WorkerMessage.Manifest(manifest, first.of(manifest.chunkCount()), (System.nanoTime() - requestedAtNanos) / 1_000);
    }

    @Override
    public int pieces() {
        return manifest.chunkCount();
    }

    @Override
    public void check() throws Stop {
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException gone) {
            throw new Stop("source changed: " + name + " is gone from the sending node");
        }
        if (now.size() != manifest.size() || now.lastModifiedTime().toMillis() != manifest.mtimeMillis()) {
            throw new Stop("source changed: " + name + " was modified on the sending node");
        }
    }

    @Override
    public Piece read(int chunk) throws Stop {
        return readChunk(channel, manifest, chunk, name);
    }

    /** Reads a chunk straight into a reused direct buffer, which the link encrypts from and then releases. */
    static Piece readChunk(FileChannel channel, FileManifest manifest, int chunk, String name) throws Stop {
        int length = manifest.lengthOf(chunk);
        long position = manifest.offsetOf(chunk);
        ByteBuf bytes = ChunkBuffers.SHARED.take(length);
        try {
            while (bytes.isWritable()) {
                if (bytes.writeBytes(channel, position + bytes.readableBytes(), bytes.writableBytes()) < 0) {
                    throw new Stop("source changed: " + name + " became shorter while it was sent");
                }
            }
            return new Piece(new WorkerMessage.Chunk(name, position, length), bytes);
        } catch (IOException e) {
            bytes.release();
            throw new Stop("cannot read " + name + ": " + FileProblem.describe(e));
        } catch (Stop | RuntimeException e) {
            bytes.release();
            throw e;
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Only a read channel: nothing to lose.
            }
        }
    }
}
