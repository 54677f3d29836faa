package dev.nectar.ft.transfer;

import dev.nectar.ft.net.ChunkBuffers;
import dev.nectar.ft.process.Process;
import dev.nectar.ft.process.ProcessContext;
import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.ChunkRange;
import dev.nectar.ft.wire.FileManifest;
import dev.nectar.ft.wire.MalformedMessageException;
import dev.nectar.ft.wire.WireFrame;
import dev.nectar.ft.wire.WorkerMessage;
import java.io.IOException;
import io.netty.buffer.ByteBuf;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending side of one transfer: announces the manifest, then sends the chunks the receiver asks for. It
 * keeps no state that matters after it exits: the receiver decides what is still needed.
 */
final class SendingWorker implements Process {
    private static final Logger LOG = LoggerFactory.getLogger(SendingWorker.class);
    private static final Duration MANIFEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration IDLE = Duration.ofSeconds(120);

    private final String name;
    private final Path file;
    private final Address receiver;
    private final ManifestCache manifests;
    private final Runnable release;
    private final WritesInFlight writes = new WritesInFlight();
    private FileManifest manifest;
    private FileChannel channel;

    /** @param release frees this transfer's slot when the worker ends */
    SendingWorker(String name, Path file, Address receiver, ManifestCache manifests, Runnable release) {
        this.name = name;
        this.file = file;
        this.receiver = receiver;
        this.manifests = manifests;
        this.release = release;
    }

    @Override
    public void onStart(ProcessContext context) throws Exception {
        try {
            manifest = manifests.manifestOf(name, file);
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            stop(context, "cannot read " + name + ": " + e.getMessage());
            return;
        }
        WireFrame.Message answer;
        try {
            answer = context.request(receiver, new WorkerMessage.Manifest(manifest).encode(), MANIFEST_TIMEOUT).get();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.info("sending {} to {}: the receiver did not take the manifest: {}", name, receiver, e.getCause().getMessage());
            context.exit();
            return;
        }
        handle(answer, context);
    }

    @Override
    public void handle(WireFrame.Message message, ProcessContext context) throws Exception {
        if (!message.envelope().source().equals(receiver)) {
            LOG.debug("sending {}: ignoring a message from {}", name, message.envelope().source());
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
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    LOG.info("sending {} to {}: the link is gone: {}", name, receiver, e.getMessage());
                    context.exit();
                }
            }
            case WorkerMessage.Done done -> {
                LOG.info("sent {} to {}", name, receiver);
                context.exit();
            }
            case WorkerMessage.Cancel cancel -> {
                LOG.info("sending {} to {}: cancelled by the receiver: {}", name, receiver, cancel.reason());
                context.exit();
            }
            case WorkerMessage.Manifest ignored -> stop(context, "protocol error: a receiver does not send a manifest");
            case WorkerMessage.Chunk ignored -> stop(context, "protocol error: a receiver does not send chunks");
            case WorkerMessage.Pause ignored -> stop(context, "protocol error: a receiver pauses by cancelling");
            case WorkerMessage.Whole ignored -> stop(context, "protocol error: a receiver does not send files");
            case WorkerMessage.Unavailable ignored -> stop(context, "protocol error: a receiver does not send files");
        }
    }

    private void send(WorkerMessage.Need need, ProcessContext context) throws Exception {
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException gone) {
            stop(context, "source changed: " + name + " is gone from the sending node");
            return;
        }
        if (now.size() != manifest.size() || now.lastModifiedTime().toMillis() != manifest.mtimeMillis()) {
            stop(context, "source changed: " + name + " was modified on the sending node");
            return;
        }
        for (ChunkRange range : need.chunks()) {
            if (range.to() > manifest.chunkCount()) {
                stop(context, "protocol error: chunk " + (range.to() - 1) + " does not exist");
                return;
            }
            for (int chunk = range.from(); chunk < range.to(); chunk++) {
                writes.awaitRoom();
                ByteBuf bytes = read(chunk);
                writes.add(context.send(receiver,
                        new WorkerMessage.Chunk(name, manifest.offsetOf(chunk), bytes.readableBytes()).encode(), bytes));
            }
        }
    }

    /** Reads a chunk straight into a reused direct buffer, which the link encrypts from and then releases. */
    private ByteBuf read(int chunk) throws IOException {
        int length = manifest.lengthOf(chunk);
        long position = manifest.offsetOf(chunk);
        ByteBuf bytes = ChunkBuffers.SHARED.take(length);
        try {
            while (bytes.isWritable()) {
                if (bytes.writeBytes(channel, position + bytes.readableBytes(), bytes.writableBytes()) < 0) {
                    throw new IOException(name + " became shorter while it was sent");
                }
            }
            return bytes;
        } catch (IOException | RuntimeException e) {
            bytes.release();
            throw e;
        }
    }

    @Override
    public Duration idleTimeout() {
        return IDLE;
    }

    @Override
    public void onIdle(ProcessContext context) {
        LOG.info("sending {} to {}: the receiver went quiet; stopping", name, receiver);
        context.exit();
    }

    private void stop(ProcessContext context, String reason) {
        LOG.info("sending {} to {} stops: {}", name, receiver, reason);
        context.send(receiver, new WorkerMessage.Cancel(reason).encode(), null);
        context.exit();
    }

    @Override
    public void onExit() {
        release.run();
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Only a read channel: nothing to lose.
            }
        }
    }
}
