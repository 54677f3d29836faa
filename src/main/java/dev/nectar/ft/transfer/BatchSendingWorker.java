package dev.nectar.ft.transfer;

import dev.nectar.ft.net.LinkBuffers;
import dev.nectar.ft.process.Process;
import dev.nectar.ft.process.ProcessContext;
import dev.nectar.ft.vfs.Drive;
import dev.nectar.ft.vfs.PathRefusedException;
import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.ChunkRange;
import dev.nectar.ft.wire.FileManifest;
import dev.nectar.ft.wire.MalformedMessageException;
import dev.nectar.ft.wire.WireFrame;
import dev.nectar.ft.wire.WorkerMessage;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending side of a batch of small files: for each file the receiver asks for (by its number in the batch),
 * reads it once into a buffer, hashes that buffer, and sends manifest and bytes in one message. A file it cannot
 * send is reported as {@code Unavailable}; the batch goes on.
 */
final class BatchSendingWorker implements Process {
    private static final Logger LOG = LoggerFactory.getLogger(BatchSendingWorker.class);
    private static final Duration IDLE = Duration.ofSeconds(120);

    private final List<String> names;
    private final Drive drive;
    private final Address receiver;
    private final Runnable release;
    private final WritesInFlight writes = new WritesInFlight();

    /** @param release frees this batch's slot when the worker ends */
    BatchSendingWorker(List<String> names, Drive drive, Address receiver, Runnable release) {
        this.names = List.copyOf(names);
        this.drive = drive;
        this.receiver = receiver;
        this.release = release;
    }

    @Override
    public void onStart(ProcessContext context) {
        // The receiver speaks first: it asks for files as it has room for them.
    }

    @Override
    public void handle(WireFrame.Message message, ProcessContext context) throws Exception {
        if (!message.envelope().source().equals(receiver)) {
            LOG.debug("sending a batch: ignoring a message from {}", message.envelope().source());
            return;
        }
        WorkerMessage decoded;
        try {
            decoded = WorkerMessage.decode(message.body());
        } catch (MalformedMessageException e) {
            stop(context, "protocol error: " + e.getMessage());
            return;
        }
        switch (decoded) {
            case WorkerMessage.Need need -> {
                try {
                    send(need, context);
                } catch (ExecutionException | TimeoutException e) {
                    LOG.info("sending a batch to {}: the link is gone: {}", receiver, e.getMessage());
                    context.exit();
                }
            }
            case WorkerMessage.Done done -> {
                LOG.info("sent a batch of {} files to {}", names.size(), receiver);
                context.exit();
            }
            case WorkerMessage.Cancel cancel -> {
                LOG.info("sending a batch to {}: cancelled by the receiver: {}", receiver, cancel.reason());
                context.exit();
            }
            default -> stop(context, "protocol error: a receiver of a batch sends Need, Done or Cancel");
        }
    }

    private void send(WorkerMessage.Need need, ProcessContext context) throws Exception {
        for (ChunkRange range : need.chunks()) {
            if (range.to() > names.size()) {
                stop(context, "protocol error: the batch has no file " + (range.to() - 1));
                return;
            }
            for (int index = range.from(); index < range.to(); index++) {
                writes.awaitRoom();
                String name = names.get(index);
                try {
                    Whole whole = read(name);
                    writes.add(context.send(receiver, new WorkerMessage.Whole(index, whole.manifest()).encode(), whole.bytes()));
                } catch (UnavailableException e) {
                    LOG.info("sending a batch to {}: {}", receiver, e.getMessage());
                    context.send(receiver, new WorkerMessage.Unavailable(index, e.getMessage()).encode(), null);
                }
            }
        }
    }

    private record Whole(FileManifest manifest, ByteBuf bytes) {}

    /** Reads the file once into a pooled buffer and hashes that buffer: each byte is read from the disk once. */
    private Whole read(String name) throws UnavailableException {
        Path file;
        BasicFileAttributes before;
        try {
            file = drive.resolve(name);
            before = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (PathRefusedException e) {
            throw new UnavailableException(e.getMessage());
        } catch (IOException e) {
            throw new UnavailableException("no file named '" + name + "' in the public drive");
        }
        if (!before.isRegularFile()) {
            throw new UnavailableException("no file named '" + name + "' in the public drive");
        }
        if (before.size() > DownloadQueue.SMALL_FILE_BYTES) {
            throw new UnavailableException("source changed: " + name + " grew to " + before.size() + " bytes, too large to send whole");
        }
        int size = (int) before.size();
        ByteBuf bytes = LinkBuffers.ALLOCATOR.directBuffer(size, size);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (bytes.isWritable()) {
                if (bytes.writeBytes(channel, bytes.readableBytes(), bytes.writableBytes()) < 0) {
                    throw new UnavailableException("source changed: " + name + " became shorter while it was read");
                }
            }
            BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class);
            if (after.size() != size || !after.lastModifiedTime().equals(before.lastModifiedTime())) {
                throw new UnavailableException("source changed: " + name + " was modified while it was read");
            }
            List<String> hashes = List.of();
            if (size > 0) {
                MessageDigest digest = FileManifest.sha256();
                digest.update(bytes.nioBuffer());
                hashes = List.of(FileManifest.hex(digest.digest()));
            }
            FileManifest manifest = new FileManifest(name, size, before.lastModifiedTime().toMillis(),
                    FileManifest.chunkSizeFor(size), hashes, FileManifest.fileHashOf(hashes));
            return new Whole(manifest, bytes);
        } catch (IOException e) {
            bytes.release();
            throw new UnavailableException("cannot read " + name + ": " + e.getMessage());
        } catch (UnavailableException | RuntimeException e) {
            bytes.release();
            throw e;
        }
    }

    /** One file of the batch that cannot be sent; the reason goes to the receiver. */
    private static final class UnavailableException extends Exception {
        UnavailableException(String message) {
            super(message);
        }
    }

    @Override
    public Duration idleTimeout() {
        return IDLE;
    }

    @Override
    public void onIdle(ProcessContext context) {
        LOG.info("sending a batch to {}: the receiver went quiet; stopping", receiver);
        context.exit();
    }

    private void stop(ProcessContext context, String reason) {
        LOG.info("sending a batch to {} stops: {}", receiver, reason);
        context.send(receiver, new WorkerMessage.Cancel(reason).encode(), null);
        context.exit();
    }

    @Override
    public void onExit() {
        release.run();
    }
}
