package dev.nectar.ft.transfer;

import dev.nectar.ft.net.LinkBuffers;
import dev.nectar.ft.vfs.Drive;
import dev.nectar.ft.vfs.FileProblem;
import dev.nectar.ft.vfs.PathRefusedException;
import dev.nectar.ft.wire.FileManifest;
import dev.nectar.ft.wire.WorkerMessage;
import dev.nectar.ft.wire.WorkerMessage.Unavailable.Why;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.List;

/**
 * A batch of small files, each read once into a buffer, hashed from that buffer and sent whole with its
 * manifest. A file that cannot be sent is answered {@code Unavailable} with the reason; the batch goes on.
 * The names are resolved by one resolver, so each folder's real path is checked once per batch, not once per file.
 */
final class OutgoingBatch implements Outgoing {
    private final List<String> names;
    private final Drive drive;
    private final Drive.Resolver resolver;
    /**
     * What {@link #size} found at each name, taken by its file's first read instead of a look of its own (an lstat per
     * file, a tenth of the sending node's CPU for a folder); any change since is caught after the read as ever.
     */
    private final Drive.Looked[] looked;
    /**
     * One digest hashes every file of the batch: a digest made per file copied each file's buffer through a new 4 KiB
     * array of its own, a third of the sending node's allocations through a folder.
     */
    private final MessageDigest digest = FileManifest.sha256();

    OutgoingBatch(List<String> names, Drive drive) {
        this.names = List.copyOf(names);
        this.drive = drive;
        this.resolver = drive.resolver();
        this.looked = new Drive.Looked[names.size()];
    }

    @Override
    public String description() {
        return "a batch of " + names.size() + " files";
    }

    @Override
    public String path() {
        return drive.root().toString();
    }

    @Override
    public long size() {
        long total = 0;
        for (int index = 0; index < names.size(); index++) {
            try {
                looked[index] = resolver.look(names.get(index));
                BasicFileAttributes found = looked[index].found();
                // Anything but a file (a link, say) is counted as nothing, as it is not sent.
                total += found != null && found.isRegularFile() ? found.size() : 0;
            } catch (PathRefusedException e) {
                // Counted as nothing: the receiver hears why when the file's turn comes.
            }
        }
        return total;
    }

    @Override
    public WorkerMessage.Manifest announce() {
        // The receiver speaks first: it asks for files as it has room for them.
        return null;
    }

    @Override
    public int pieces() {
        return names.size();
    }

    @Override
    public void check() {
        // Each file is checked as it is read.
    }

    @Override
    public Piece read(int index) {
        String name = names.get(index);
        try {
            return read(index, name);
        } catch (Unavailable e) {
            return new Piece(new WorkerMessage.Unavailable(index, e.why, e.getMessage()), null);
        }
    }

    private Piece read(int index, String name) throws Unavailable {
        Drive.Looked seen = looked[index];
        looked[index] = null;
        try {
            if (seen == null) {
                seen = resolver.look(name);
            }
        } catch (PathRefusedException e) {
            throw new Unavailable(Why.MISSING, e.getMessage());
        }
        Path file = seen.path();
        BasicFileAttributes before = seen.found();
        if (before == null || !before.isRegularFile()) {
            throw new Unavailable(Why.MISSING, "no file named '" + name + "' in the public drive");
        }
        if (before.size() > DownloadQueue.SMALL_FILE_BYTES) {
            throw new Unavailable(Why.TOO_LARGE, "source changed: " + name + " grew to " + before.size() + " bytes, too large to send whole");
        }
        int size = (int) before.size();
        ByteBuf bytes = LinkBuffers.ALLOCATOR.directBuffer(size, size);
        // Not following a link: one put in the file's place since it was looked at could lead out of the drive.
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            while (bytes.isWritable()) {
                if (bytes.writeBytes(channel, bytes.readableBytes(), bytes.writableBytes()) < 0) {
                    throw new Unavailable(Why.CHANGED, "source changed: " + name + " became shorter while it was read");
                }
            }
            BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class);
            if (after.size() != size || !after.lastModifiedTime().equals(before.lastModifiedTime())) {
                throw new Unavailable(Why.CHANGED, "source changed: " + name + " was modified while it was read");
            }
            List<String> hashes = List.of();
            if (size > 0) {
                digest.reset();
                digest.update(bytes.nioBuffer());
                hashes = List.of(FileManifest.hex(digest.digest()));
            }
            FileManifest manifest = new FileManifest(name, size, before.lastModifiedTime().toMillis(),
                    FileManifest.chunkSizeFor(size), hashes, FileManifest.fileHashOf(hashes, digest));
            return new Piece(new WorkerMessage.Whole(index, manifest), bytes);
        } catch (IOException e) {
            bytes.release();
            throw new Unavailable(Why.UNREADABLE, "cannot read " + name + ": " + FileProblem.describe(e));
        } catch (Unavailable | RuntimeException e) {
            bytes.release();
            throw e;
        }
    }

    /** One file of the batch that cannot be sent. */
    private static final class Unavailable extends Exception {
        private final Why why;

        Unavailable(Why why, String message) {
            super(message);
            this.why = why;
        }
    }

    @Override
    public void close() {
        // Each file is closed once read.
    }
}
