package dev.nectar.ft.storage;

import dev.nectar.ft.home.Fsync;
import dev.nectar.ft.vfs.Drive;
import dev.nectar.ft.wire.FileManifest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file being received: a hidden partial file beside its target, into which each chunk is written at its
 * offset and counted once it checked out against the manifest, made durable at checkpoints, and placed under its
 * name only when every chunk is there. It does not know where the bytes come from.
 *
 * <p>Chunks go to the disk past the page cache where the file system allows ({@link DirectWrites}), the rest
 * through it.
 *
 * <p>Not thread-safe: one receiving worker owns it. A chunk is written on one of the {@link ChunkWriters} while the
 * worker checks its hash, and {@link #write} returns when both are done. A checkpoint's sync runs on a sync thread
 * while chunks keep arriving; everything that would write the journal or close the file waits for it first.
 */
public final class IncomingFile implements AutoCloseable {
    /**
     * A chunk whose bytes start at a memory address that is a multiple of this (and are whole blocks) is written to
     * the disk straight from its buffer, not copied first: a multiple of every block size direct writes accept.
     */
    public static final int DIRECT_WRITE_ALIGNMENT = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(IncomingFile.class);

    private final Path target;
    private final Path partial;
    private final FileManifest manifest;
    private final FileChannel channel;
    private final BitSet verified;
    private final long reusedBytes;
    /** The partial file opened for direct writes; null where they cannot be made, or after one failed. */
    private DirectWrites direct;
    private long verifiedBytes;
    private CompletableFuture<Void> checkpointing;
    private boolean closed;

    private IncomingFile(Path target, FileManifest manifest, FileChannel channel, DirectWrites direct, BitSet verified,
                         long reusedBytes) {
        this.target = target;
        this.partial = Drive.partialPathOf(target);
        this.manifest = manifest;
        this.channel = channel;
        this.direct = direct;
        this.verified = verified;
        this.reusedBytes = reusedBytes;
        this.verifiedBytes = reusedBytes;
    }

    /**
     * Opens the partial file of {@code target} after checking that the disk has room for what is still to come.
     * When resuming, every whole chunk already in it is hashed against the manifest: chunks that match are kept
     * (even ones no journal recorded yet), the rest are fetched again; otherwise it starts empty.
     *
     * @throws NoRoomException if the disk cannot take the rest of the file
     */
    public static IncomingFile open(Path target, FileManifest manifest, boolean resume) throws IOException {
        return open(target, manifest, resume, DirectWrites::open);
    }

    /**
     * As {@link #open(Path, FileManifest, boolean)}, with the partial file's direct writes from {@code direct}, given
     * the partial file and the file store it is on.
     */
    static IncomingFile open(Path target, FileManifest manifest, boolean resume,
                             BiFunction<Path, FileStore, Optional<DirectWrites>> direct) throws IOException {
        Path partial = Drive.partialPathOf(target);
        Files.createDirectories(target.getParent());
        long present = resume && Files.exists(partial) ? Math.min(Files.size(partial), manifest.size()) : 0;
        FileStore store = Files.getFileStore(target.getParent());
        long free = store.getUsableSpace();
        if (free < manifest.size() - present) {
            throw new NoRoomException("not enough space for " + manifest.name() + ": it needs " + (manifest.size() - present)
                    + " bytes, " + free + " are free in " + target.getParent());
        }
        if (!resume) {
            // A new file, not the old one truncated: a swarm peer still reading the old one's chunks reads them intact.
            Files.deleteIfExists(partial);
        }
        FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            BitSet intact = new BitSet(manifest.chunkCount());
            long reused = resume ? intactChunks(channel, partial, manifest, present, intact) : 0;
            return new IncomingFile(target, manifest, channel, direct.apply(partial, store).orElse(null), intact, reused);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static long intactChunks(FileChannel channel, Path partial, FileManifest manifest, long present, BitSet intact)
            throws IOException {
        int whole = 0;
        while (whole < manifest.chunkCount() && manifest.offsetOf(whole) + manifest.lengthOf(whole) <= present) {
            whole++;
        }
        String[] hashes = ManifestCache.chunkHashes(channel, partial, present, manifest.chunkSize(), whole);
        long reused = 0;
        for (int chunk = 0; chunk < whole; chunk++) {
            if (hashes[chunk].equals(manifest.chunkHashes().get(chunk))) {
                intact.set(chunk);
                reused += manifest.lengthOf(chunk);
            }
        }
        return reused;
    }

    /** True if {@code target} already holds exactly the content of {@code manifest}, so no byte needs to move. */
    public static boolean holds(Path target, FileManifest manifest) throws IOException {
        if (!Files.isRegularFile(target)) {
            // Asked first because it answers an absent file without an exception, unlike readAttributes: a batch asks
            // for every one of its files, most of them not there.
            return false;
        }
        try {
            BasicFileAttributes existing = Files.readAttributes(target, BasicFileAttributes.class);
            return existing.isRegularFile() && existing.size() == manifest.size()
                    && ManifestCache.hash(manifest.name(), target, existing, manifest.chunkSize()).fileHash().equals(manifest.fileHash());
        } catch (IOException absentOrUnreadable) {
            // An interrupted read (ClosedByInterruptException) leaves the thread's interrupt status set.
            if (Thread.currentThread().isInterrupted()) {
                // The node is stopping, and what is there is not known: a "no" would land a numbered copy of it.
                throw absentOrUnreadable;
            }
            return false;
        }
    }

    public FileManifest manifest() {
        return manifest;
    }

    public boolean has(int chunk) {
        return verified.get(chunk);
    }

    /** The first chunk from {@code from} on that is not here yet; {@link FileManifest#chunkCount()} if none is. */
    public int nextMissing(int from) {
        return verified.nextClearBit(from);
    }

    public boolean isComplete() {
        return verified.cardinality() == manifest.chunkCount();
    }

    /** The chunks verified so far, for the journal. */
    public BitSet verified() {
        return (BitSet) verified.clone();
    }

    public long verifiedBytes() {
        return verifiedBytes;
    }

    /** What the partial file held, intact, when it was opened to resume. */
    public long reusedBytes() {
        return reusedBytes;
    }

    /**
     * Writes chunk {@code chunk} at its offset if {@code bytes} are that chunk by the manifest; false if they are
     * not, and the chunk is not counted. A chunk already here is not written again.
     *
     * <p>The bytes are written while their hash is checked, so bytes that turn out not to be the chunk may be in the
     * partial file where the chunk belongs until it comes again: nothing counts them (the file lands only when every
     * chunk is verified, and a resume checks every chunk's hash again).
     */
    public boolean write(int chunk, ByteBuffer bytes) throws IOException {
        // Checked before anything is written: bytes of the wrong length would reach into the next chunk's place.
        if (!manifest.fits(chunk, bytes)) {
            return false;
        }
        if (verified.get(chunk)) {
            return manifest.chunkMatches(chunk, bytes);
        }
        long offset = manifest.offsetOf(chunk);
        Future<?> writing = ChunkWriters.start(() -> writeAt(bytes, offset));
        boolean matches;
        try {
            matches = manifest.chunkMatches(chunk, bytes);
        } finally {
            // Whatever the hash did, the caller gives the buffer back only after no thread writes from it.
            ChunkWriters.await(writing);
        }
        if (!matches) {
            return false;
        }
        verified.set(chunk);
        verifiedBytes += manifest.lengthOf(chunk);
        return true;
    }

    private void writeAt(ByteBuffer bytes, long offset) throws IOException {
        if (!writtenDirect(bytes, offset)) {
            ByteBuffer remaining = bytes.duplicate();
            while (remaining.hasRemaining()) {
                channel.write(remaining, offset + remaining.position() - bytes.position());
            }
        }
    }

    /** False if the chunk is to be written through the page cache: direct I/O could not take it, or failed once. */
    private boolean writtenDirect(ByteBuffer bytes, long offset) {
        if (direct == null) {
            return false;
        }
        try {
            return direct.write(bytes, offset);
        } catch (IOException e) {
            // Written again through the page cache, which reports a real disk error on its own.
            LOG.debug("direct writes to {} stop: {}", partial, e.getMessage());
            closeDirect();
            return false;
        }
    }

    private void closeDirect() {
        if (direct != null) {
            try {
                direct.close();
            } catch (IOException ignored) {
                // Nothing is pending on it: each write returned before the next, and syncs go through the other channel.
            }
            direct = null;
        }
    }

    /**
     * Makes the chunks written so far durable, then runs {@code record} (which writes the journal), both on a sync
     * thread. False, doing nothing, while the last checkpoint still runs; its failure is thrown here.
     */
    public boolean checkpointLater(Fsync.IoAction record) throws IOException {
        if (checkpointing != null) {
            if (!checkpointing.isDone()) {
                return false;
            }
            awaitCheckpoint();
        }
        checkpointing = Fsync.forceThen(channel, record);
        return true;
    }

    /** The same as {@link #checkpointLater} but waits for it: before a pause or a reconnect. */
    public void checkpoint(Fsync.IoAction record) throws IOException {
        awaitCheckpoint();
        Fsync.force(channel);
        record.run();
    }

    private void awaitCheckpoint() throws IOException {
        if (checkpointing == null) {
            return;
        }
        try {
            Fsync.awaitAll(List.of(checkpointing));
        } finally {
            checkpointing = null;
        }
    }

    /**
     * Places the finished file under its name (or a free numbered sibling unless {@code overwrite}), durably, with
     * the sender's mtime, and returns where it landed. Every chunk must be here.
     */
    public Path land(boolean overwrite) throws IOException {
        if (!isComplete()) {
            throw new IllegalStateException(manifest.name() + " is not complete");
        }
        awaitCheckpoint();
        // Set before the force that makes it durable: a crash after the file takes its name cannot leave another time.
        ModifiedTime.set(partial, manifest.mtimeMillis());
        Fsync.force(channel);
        close();
        return FilePlacement.place(partial, target, overwrite);
    }

    /** Ends it without landing: the partial file goes. */
    public void discard() {
        close();
        PartialFile.discard(partial);
    }

    /** Closes the partial file and keeps it, to be checked again on resume. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            awaitCheckpoint();
        } catch (IOException e) {
            // The file is kept to be re-checked on resume, or discarded: a failed background sync changes neither.
        }
        closeDirect();
        try {
            channel.close();
        } catch (IOException ignored) {
            // Synced or about to be discarded: a failed close loses nothing.
        }
    }
}
