package dev.nectar.ft.transfer;

import dev.nectar.ft.home.Fsync;
import dev.nectar.ft.process.Process;
import dev.nectar.ft.process.ProcessContext;
import dev.nectar.ft.process.RequestFailedException;
import dev.nectar.ft.vfs.Drive;
import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.ChunkRange;
import dev.nectar.ft.wire.ErrorReply;
import dev.nectar.ft.wire.FileManifest;
import dev.nectar.ft.wire.MalformedMessageException;
import dev.nectar.ft.wire.TransferRequest;
import dev.nectar.ft.wire.TransferResponse;
import dev.nectar.ft.wire.TransferStatus;
import dev.nectar.ft.wire.WireFrame;
import dev.nectar.ft.wire.WorkerMessage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of one transfer: asks the remote main process for a sending worker, takes its manifest,
 * asks for chunks with a bounded window, verifies each before writing it at its offset into a hidden partial
 * file, and renames the file into place only once every chunk and the file hash check out.
 */
final class ReceivingWorker implements Process {
    private static final Logger LOG = LoggerFactory.getLogger(ReceivingWorker.class);
    /** Chunks asked for and not yet arrived: bounds the bytes in flight for this transfer. */
    static final int WINDOW = 8;
    static final int MAX_ATTEMPTS = 3;
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(30);
    /** The sender hashes the file before it announces the manifest: minutes, the first time, for a huge file. */
    private static final Duration MANIFEST_TIMEOUT = Duration.ofMinutes(10);

    private final String name;
    private final Address remoteMain;
    private final String peer;
    private final Path target;
    private final boolean overwrite;
    private final Address main;

    private String id;
    private ProcessContext context;
    private boolean ended;
    private Address sender;
    private FileManifest manifest;
    private Path partial;
    private FileChannel channel;
    private BitSet verified;
    private String[] received;
    private int[] attempts;
    private int nextToAsk;
    private long bytes;
    private ProgressMeter meter;

    /**
     * @param target where the file lands, already resolved inside the destination drive
     * @param main   this node's main process, which gets the progress reports
     */
    ReceivingWorker(String name, Address remoteMain, Path target, boolean overwrite, Address main) {
        this.name = name;
        this.remoteMain = remoteMain;
        this.peer = remoteMain.node();
        this.target = target;
        this.overwrite = overwrite;
        this.main = main;
    }

    @Override
    public void onStart(ProcessContext context) throws Exception {
        this.context = context;
        id = context.address().process();
        partial = Drive.partialPathOf(target);
        report(context, TransferStatus.STARTING, null);
        try {
            sender = askForSender(context);
        } catch (TransferError e) {
            fail(context, e);
        }
    }

    private Address askForSender(ProcessContext context) throws TransferError, InterruptedException {
        WireFrame.Message answer;
        try {
            answer = context.request(remoteMain, new TransferRequest.Download(name, context.address()).encode(), HANDSHAKE_TIMEOUT).get();
        } catch (ExecutionException e) {
            throw new TransferError(TransferError.Kind.OFFLINE, e.getCause() instanceof RequestFailedException failed
                    ? failed.getMessage() : peer + " failed: " + e.getCause());
        }
        TransferResponse response;
        try {
            response = TransferResponse.decode(answer.body());
        } catch (MalformedMessageException e) {
            throw new TransferError(TransferError.Kind.PROTOCOL, peer + " answered the download with: " + e.getMessage());
        }
        return switch (response) {
            case TransferResponse.Download download ->
                    // Only the process part is the peer's to choose: its worker lives on the node that answered.
                    new Address(answer.envelope().source().node(), download.worker().process());
            case ErrorReply error -> throw new TransferError(error.kind().equals(ErrorReply.NOT_FOUND)
                    ? TransferError.Kind.NOT_FOUND : TransferError.Kind.REFUSED, peer + " refused: " + error.message());
            case TransferResponse.ListFiles ignored ->
                    throw new TransferError(TransferError.Kind.PROTOCOL, peer + " answered the download with a file list");
        };
    }

    @Override
    public void handle(WireFrame.Message message, ProcessContext context) throws Exception {
        if (sender == null || !message.envelope().source().equals(sender)) {
            LOG.debug("receiving {}: ignoring a message from {}", name, message.envelope().source());
            return;
        }
        try {
            switch (WorkerMessage.decode(message.body())) {
                case WorkerMessage.Manifest announced -> onManifest(message, announced.manifest(), context);
                case WorkerMessage.Chunk chunk -> onChunk(chunk, message.blob(), context);
                case WorkerMessage.Cancel cancel -> throw new TransferError(
                        cancel.reason().startsWith("source changed") ? TransferError.Kind.SOURCE_CHANGED : TransferError.Kind.CANCELLED,
                        peer + " stopped sending: " + cancel.reason());
                case WorkerMessage.Need ignored -> throw new TransferError(TransferError.Kind.PROTOCOL, "a sender does not ask for chunks");
                case WorkerMessage.Done ignored -> throw new TransferError(TransferError.Kind.PROTOCOL, "a sender does not say Done");
            }
        } catch (MalformedMessageException e) {
            fail(context, new TransferError(TransferError.Kind.PROTOCOL, "protocol error from " + peer + ": " + e.getMessage()));
        } catch (TransferError e) {
            fail(context, e);
        }
    }

    private void onManifest(WireFrame.Message message, FileManifest announced, ProcessContext context) throws TransferError {
        if (manifest != null) {
            throw new TransferError(TransferError.Kind.PROTOCOL, peer + " sent a second manifest");
        }
        if (!announced.name().equals(name)) {
            throw new TransferError(TransferError.Kind.PROTOCOL, peer + " announced " + announced.name() + " instead of " + name);
        }
        manifest = announced;
        if (alreadyHere()) {
            context.respond(message, new WorkerMessage.Need(List.of()).encode());
            context.send(sender, new WorkerMessage.Done().encode(), null);
            bytes = manifest.size();
            LOG.info("{} from {} is already at {}: nothing to download", name, peer, target);
            report(context, TransferStatus.DONE, null);
            ended = true;
            context.exit();
            return;
        }
        openPartial();
        int count = manifest.chunkCount();
        verified = new BitSet(count);
        received = new String[count];
        attempts = new int[count];
        meter = new ProgressMeter(manifest.size(), 0);
        nextToAsk = Math.min(WINDOW, count);
        context.respond(message, new WorkerMessage.Need(nextToAsk == 0 ? List.of() : List.of(new ChunkRange(0, nextToAsk))).encode());
        report(context, TransferStatus.RUNNING, null);
        if (count == 0) {
            complete(context);
        }
    }

    /** True if the target already holds exactly this content, so that no byte needs to move. */
    private boolean alreadyHere() {
        try {
            BasicFileAttributes existing = Files.readAttributes(target, BasicFileAttributes.class);
            return existing.isRegularFile() && existing.size() == manifest.size()
                    && ManifestCache.hash(name, target, existing, manifest.chunkSize()).fileHash().equals(manifest.fileHash());
        } catch (IOException absentOrUnreadable) {
            return false;
        }
    }

    private void openPartial() throws TransferError {
        try {
            Files.createDirectories(target.getParent());
            long free = Files.getFileStore(target.getParent()).getUsableSpace();
            if (free < manifest.size()) {
                throw new TransferError(TransferError.Kind.DISK_FULL, "not enough space for " + name + ": it needs "
                        + manifest.size() + " bytes, " + free + " are free in " + target.getParent());
            }
            channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new TransferError(TransferError.Kind.NOT_WRITABLE, "cannot write " + target.getParent() + ": " + e.getMessage());
        }
    }

    private void onChunk(WorkerMessage.Chunk chunk, byte[] blob, ProcessContext context) throws TransferError {
        if (manifest == null) {
            throw new TransferError(TransferError.Kind.PROTOCOL, peer + " sent a chunk before the manifest");
        }
        long index = chunk.offset() / manifest.chunkSize();
        if (chunk.offset() % manifest.chunkSize() != 0 || index >= manifest.chunkCount() || blob == null
                || blob.length != manifest.lengthOf((int) index) || chunk.length() != blob.length) {
            throw new TransferError(TransferError.Kind.PROTOCOL, peer + " sent a chunk that is not in the manifest (offset "
                    + chunk.offset() + ", length " + chunk.length() + ")");
        }
        int chunkIndex = (int) index;
        if (verified.get(chunkIndex)) {
            return;
        }
        String hash = FileManifest.hex(FileManifest.sha256().digest(blob));
        if (!hash.equals(manifest.chunkHashes().get(chunkIndex))) {
            attempts[chunkIndex]++;
            LOG.warn("receiving {}: chunk {} from {} failed verification (attempt {} of {})", name, chunkIndex, peer,
                    attempts[chunkIndex], MAX_ATTEMPTS);
            if (attempts[chunkIndex] >= MAX_ATTEMPTS) {
                throw new TransferError(TransferError.Kind.VERIFICATION, "chunk " + chunkIndex + " of " + name + " from " + peer
                        + " failed verification " + MAX_ATTEMPTS + " times");
            }
            ask(context, chunkIndex);
            return;
        }
        write(blob, manifest.offsetOf(chunkIndex));
        verified.set(chunkIndex);
        received[chunkIndex] = hash;
        bytes += blob.length;
        if (nextToAsk < manifest.chunkCount()) {
            ask(context, nextToAsk++);
        }
        if (verified.cardinality() == manifest.chunkCount()) {
            complete(context);
        } else if (meter.due(bytes)) {
            report(context, TransferStatus.RUNNING, null);
        }
    }

    private void ask(ProcessContext context, int chunk) {
        context.send(sender, new WorkerMessage.Need(List.of(new ChunkRange(chunk, chunk + 1))).encode(), null);
    }

    private void write(byte[] blob, long offset) throws TransferError {
        ByteBuffer buffer = ByteBuffer.wrap(blob);
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer, offset + buffer.position());
            }
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            boolean full = message.contains("No space left") || message.contains("Disk quota exceeded");
            throw new TransferError(full ? TransferError.Kind.DISK_FULL : TransferError.Kind.NOT_WRITABLE,
                    (full ? "disk full while writing " : "cannot write ") + target + ": " + message);
        }
    }

    private void complete(ProcessContext context) throws TransferError {
        if (manifest.chunkCount() > 0 && !FileManifest.fileHashOf(List.of(received)).equals(manifest.fileHash())) {
            throw new TransferError(TransferError.Kind.VERIFICATION, "the file hash of " + name + " does not match its manifest");
        }
        Path landed;
        try {
            Fsync.force(channel);
            channel.close();
            channel = null;
            landed = FilePlacement.place(partial, target, overwrite);
            Files.setLastModifiedTime(landed, FileTime.fromMillis(manifest.mtimeMillis()));
        } catch (IOException e) {
            throw new TransferError(TransferError.Kind.NOT_WRITABLE, "cannot put " + name + " in place at " + target + ": " + e.getMessage());
        }
        context.send(sender, new WorkerMessage.Done().encode(), null);
        LOG.info("received {} from {}: {} bytes into {}", name, peer, manifest.size(), landed);
        bytes = manifest.size();
        reportAt(context, TransferStatus.DONE, null, landed);
        ended = true;
        context.exit();
    }

    @Override
    public Duration idleTimeout() {
        return manifest == null ? MANIFEST_TIMEOUT : STALL_TIMEOUT;
    }

    @Override
    public void onIdle(ProcessContext context) {
        fail(context, new TransferError(TransferError.Kind.STALLED, peer + " sent nothing for " + idleTimeout().toSeconds() + " s"));
    }

    private void fail(ProcessContext context, TransferError error) {
        LOG.info("receiving {} from {} failed: {}", name, peer, error.getMessage());
        discardPartial();
        if (sender != null) {
            context.send(sender, new WorkerMessage.Cancel(error.getMessage()).encode(), null);
        }
        report(context, TransferStatus.FAILED, error.getMessage());
        ended = true;
        context.exit();
    }

    private void discardPartial() {
        closeChannel();
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            LOG.warn("cannot remove the partial file {}: {}", partial, e.getMessage());
        }
    }

    private void report(ProcessContext context, String state, String error) {
        reportAt(context, state, error, target);
    }

    private void reportAt(ProcessContext context, String state, String error, Path path) {
        long total = manifest == null ? 0 : manifest.size();
        long rate = meter == null ? 0 : meter.rate();
        long eta = meter == null ? -1 : meter.etaSeconds(bytes);
        TransferStatus status = new TransferStatus(id, peer, name, state, bytes, total, rate, eta, path.toString(), error);
        context.send(main, new TransferRequest.Progress(name, status.percent(), status).encode(), null);
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // The partial file is discarded or already synced; a failed close changes neither.
            }
            channel = null;
        }
    }

    /** However this worker ends, its transfer ends with it: a crash or a shutdown is reported as a failure. */
    @Override
    public void onExit() {
        if (!ended && context != null) {
            fail(context, new TransferError(TransferError.Kind.CANCELLED, "the receiving worker stopped before the end"));
        }
        closeChannel();
    }
}
