package dev.nectar.ft.transfer;

import dev.nectar.ft.storage.ContentIndex;
import dev.nectar.ft.wire.FileManifest;
import dev.nectar.ft.wire.WorkerMessage;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * This node's chunks of a swarm's file, offered to a receiver that asked for them by file hash: a complete file of
 * the public drive, or a download into it while it runs (then it offers more as they are verified). The receiver
 * has the manifest from the origin and checks every chunk against it, so a source is only trusted to waste time.
 */
final class OutgoingHeld implements Outgoing {
    private final HeldContent.Offer offer;
    private final FileManifest manifest;
    private final String name;
    private FileChannel channel;
    private int offeredVersion = -1;

    OutgoingHeld(HeldContent.Offer offer) {
        this.offer = offer;
        this.manifest = switch (offer) {
            case HeldContent.Whole whole -> whole.file().manifest();
            case HeldContent.Partial partial -> partial.partial().manifest();
        };
        this.name = manifest.name();
    }

    @Override
    public String description() {
        return name + " (for a swarm)";
    }

    @Override
    public String path() {
        return source().toString();
    }

    private Path source() {
        return switch (offer) {
            case HeldContent.Whole whole -> whole.file().path();
            case HeldContent.Partial partial -> partial.partial().partial();
        };
    }

    @Override
    public long size() {
        return manifest.size();
    }

    @Override
    public WorkerMessage announce() throws IOException {
        channel = FileChannel.open(source(), StandardOpenOption.READ);
        return switch (offer) {
            case HeldContent.Whole whole -> new WorkerMessage.Holding(manifest.fileHash(), manifest.chunkCount(), null);
            case HeldContent.Partial partial -> {
                offeredVersion = partial.partial().version();
                yield partial.partial().holding();
            }
        };
    }

    @Override
    public WorkerMessage.Holding update() {
        if (offer instanceof HeldContent.Partial(SharedPartial partial) && partial.version() != offeredVersion) {
            offeredVersion = partial.version();
            return partial.holding();
        }
        return null;
    }

    @Override
    public int pieces() {
        return manifest.chunkCount();
    }

    /** A whole file must still be what was indexed; a partial one only grows, through verified chunks. */
    @Override
    public void check() throws Stop {
        if (offer instanceof HeldContent.Whole(ContentIndex.Held file)) {
            BasicFileAttributes now;
            try {
                now = Files.readAttributes(file.path(), BasicFileAttributes.class);
            } catch (IOException gone) {
                throw new Stop("source changed: " + name + " is gone from this node");
            }
            if (now.size() != manifest.size() || now.lastModifiedTime().toMillis() != manifest.mtimeMillis()) {
                throw new Stop("source changed: " + name + " was modified on this node");
            }
        }
    }

    /** A chunk this node does not hold (yet) is answered with {@code Unavailable}, numbered as the chunk. */
    @Override
    public Piece read(int chunk) throws Stop {
        if (offer instanceof HeldContent.Partial(SharedPartial partial) && !partial.has(chunk)) {
            return new Piece(new WorkerMessage.Unavailable(chunk, WorkerMessage.Unavailable.Why.MISSING,
                    "chunk " + chunk + " is not here yet"), null);
        }
        return OutgoingFile.readChunk(channel, manifest, chunk, name);
    }

    @Override
    public void close() {
        OutgoingFile.closeQuietly(channel);
    }
}
