package dev.nectar.ft.transfer;

import dev.nectar.ft.home.AtomicFile;
import dev.nectar.ft.home.Fsync;
import dev.nectar.ft.identity.NodeId;
import dev.nectar.ft.process.Process;
import dev.nectar.ft.process.ProcessContext;
import dev.nectar.ft.process.RequestFailedException;
import dev.nectar.ft.vfs.Drive;
import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.ChunkRange;
import dev.nectar.ft.wire.ErrorReply;
import dev.nectar.ft.wire.FileManifest;
import dev.nectar.ft.wire.KernelNotice;
import dev.nectar.ft.wire.MalformedMessageException;
import dev.nectar.ft.wire.TransferRequest;
import dev.nectar.ft.wire.TransferResponse;
import dev.nectar.ft.wire.TransferStatus;
import dev.nectar.ft.wire.WireFrame;
import dev.nectar.ft.wire.WorkerMessage;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of a batch of small files from one peer. Each file travels whole in one message, manifest
 * and bytes together, so a file costs no round trip of its own; the receiver asks for files by their number in
 * the batch, a window at a time. Each file is verified, written to its partial file and fsynced in the
 * background; files land in groups: once their data is durable, each is placed under its final name and each
 * folder synced once. Every file keeps its own transfer id, journal and status; the batch is only how they
 * travel. A lost link or stall makes it reconnect with backoff and ask only for the files still missing.
 */
final class BatchReceivingWorker implements Process {
    private static final Logger LOG = LoggerFactory.getLogger(BatchReceivingWorker.class);
    /** Files asked for and not yet arrived; their bytes in flight stay within the node's {@link ReceiveWindow}. */
    static final int WINDOW = 64;
    /** Files written before they land together: one wait for their fsyncs, one sync per folder. */
    private static final int GROUP = 128;
    private static final int MAX_ATTEMPTS = 3;
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(15);

    private final List<Journal> journals;
    private final JournalStore store;
    private final ReceiveWindow window;
    private final Address main;
    private final Duration stallTimeout;
    private final RetryPolicy retries;
    /** Per file of the batch: its final state once settled, null while still to come. */
    private final String[] settled;
    private final int[] mismatches;
    private final List<Landing> landing = new ArrayList<>();
    private final List<TransferStatus> reports = new ArrayList<>();
    /** Transfers that ended since the last report, whose journals go with it. */
    private final List<String> ended = new ArrayList<>();

    private ProcessContext context;
    private boolean inWindow;
    private boolean over;
    private int attempts;

    // One attempt: reset whenever the link is lost.
    private Address sender;
    private List<Integer> wanted;
    private boolean[] arrived;
    private int asked;
    private int arrivedCount;
    private long inFlightBytes;

    /** A file written to its partial file, its fsync running. */
    private record Landing(int file, Path partial, FileManifest manifest, CompletableFuture<Void> synced) {}

    BatchReceivingWorker(List<Journal> journals, JournalStore store, ReceiveWindow window, Address main, Duration stallTimeout,
                         Duration retryDeadline) {
        this.journals = List.copyOf(journals);
        this.store = store;
        this.window = window;
        this.main = main;
        this.stallTimeout = stallTimeout;
        this.retries = new RetryPolicy(retryDeadline);
        this.settled = new String[journals.size()];
        this.mismatches = new int[journals.size()];
    }

    @Override
    public void onStart(ProcessContext context) {
        this.context = context;
        window.join();
        inWindow = true;
        connect();
        report();
    }

    private void connect() {
        retries.attempting();
        attempts++;
        wanted = new ArrayList<>();
        for (int file = 0; file < journals.size(); file++) {
            if (settled[file] == null) {
                wanted.add(file);
            }
        }
        if (wanted.isEmpty()) {
            finish();
            return;
        }
        try {
            sender = askForSender();
            context.kernel().watch(context.address(), new NodeId(sender.node()));
        } catch (TransferError e) {
            if (e.kind() == TransferError.Kind.OFFLINE) {
                retryLater(e.getMessage());
            } else {
                failOpen(e);
            }
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        arrived = new boolean[wanted.size()];
        asked = 0;
        arrivedCount = 0;
        inFlightBytes = 0;
        askMore();
    }

    private Address askForSender() throws TransferError, InterruptedException {
        Address remoteMain = new Address(peerNodeId(), Address.MAIN_PROCESS);
        List<String> names = wanted.stream().map(file -> journals.get(file).name()).toList();
        WireFrame.Message answer;
        try {
            answer = context.request(remoteMain, new TransferRequest.DownloadBatch(names, context.address()).encode(),
                    HANDSHAKE_TIMEOUT).get();
        } catch (ExecutionException e) {
            String reason = e.getCause() instanceof RequestFailedException failed ? failed.getMessage() : String.valueOf(e.getCause());
            throw new TransferError(TransferError.Kind.OFFLINE, reason.replace(peerNodeId(), peer()));
        }
        try {
            return switch (TransferResponse.decode(answer.body())) {
                case TransferResponse.Download download -> new Address(answer.envelope().source().node(), download.worker().process());
                case ErrorReply error when error.kind().equals(ErrorReply.BUSY) ->
                        throw new TransferError(TransferError.Kind.OFFLINE, peer() + " is busy: " + error.message());
                case ErrorReply error -> throw new TransferError(TransferError.Kind.REFUSED, peer() + " refused: " + error.message());
                default -> throw new TransferError(TransferError.Kind.PROTOCOL, peer() + " answered a batch with something else");
            };
        } catch (MalformedMessageException e) {
            throw new TransferError(TransferError.Kind.PROTOCOL, peer() + " answered a batch with: " + e.getMessage());
        }
    }

    /**
     * Keeps up to {@link #WINDOW} files, and this worker's share of the node's window by their listed sizes, on
     * their way, asking for more once half of that arrived.
     */
    private void askMore() {
        int inFlight = asked - arrivedCount;
        long windowBytes = window.bytesPerDownload();
        if (asked >= wanted.size() || inFlight > WINDOW / 2 || inFlightBytes > windowBytes / 2) {
            return;
        }
        int upTo = asked;
        do {
            inFlightBytes += listedSize(upTo++);
        } while (upTo < wanted.size() && upTo - arrivedCount < WINDOW && inFlightBytes + listedSize(upTo) <= windowBytes);
        context.send(sender, new WorkerMessage.Need(List.of(new ChunkRange(asked, upTo))).encode(), null);
        asked = upTo;
    }

    private long listedSize(int index) {
        Long hint = journals.get(wanted.get(index)).sizeHint();
        return hint == null ? DownloadQueue.SMALL_FILE_BYTES : hint;
    }

    @Override
    public void handle(WireFrame.Message message, ProcessContext context) {
        Address source = message.envelope().source();
        try {
            if (source.equals(main)) {
                onOwner(TransferRequest.decode(message.body()));
                return;
            }
            if (source.equals(context.kernel().local(KernelNotice.PROCESS))) {
                KernelNotice.in(message.body())
                        .filter(notice -> sender != null && notice.node().equals(sender.node()))
                        .ifPresent(notice -> linkLost("lost the link to " + peer()));
                return;
            }
            if (sender == null || !source.equals(sender)) {
                LOG.debug("receiving a batch: ignoring a message from {}", source);
                return;
            }
            switch (WorkerMessage.decode(message.body())) {
                case WorkerMessage.Whole whole -> onWhole(whole.index(), whole.manifest(), message.blob());
                case WorkerMessage.Unavailable unavailable -> onUnavailable(unavailable.index(), unavailable.reason());
                case WorkerMessage.Cancel cancel -> linkLost(peer() + " stopped sending: " + cancel.reason());
                default -> throw new TransferError(TransferError.Kind.PROTOCOL, peer() + " sent a batch something other than files");
            }
            if (landing.size() >= GROUP || sender != null && arrivedCount == wanted.size()) {
                land();
            }
        } catch (MalformedMessageException e) {
            failOpen(new TransferError(TransferError.Kind.PROTOCOL, "protocol error from " + source + ": " + e.getMessage()));
        } catch (TransferError e) {
            failOpen(e);
        }
        if (!over && allSettled()) {
            finish();
        }
        report();
    }

    private void onOwner(TransferRequest command) {
        switch (command) {
            case TransferRequest.CancelTransfer cancel -> fileOf(cancel.id()).ifPresent(file ->
                    settle(file, TransferStatus.CANCELLED, "cancelled by the owner", null));
            case TransferRequest.PauseTransfer pause -> fileOf(pause.id()).ifPresent(file ->
                    settle(file, TransferStatus.PAUSED, null, null));
            default -> LOG.debug("receiving a batch: ignoring {} from the main process", command);
        }
    }

    private Optional<Integer> fileOf(String id) {
        for (int file = 0; file < journals.size(); file++) {
            if (journals.get(file).id().equals(id) && settled[file] == null) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    private void onWhole(int index, FileManifest manifest, ByteBuf blob) throws TransferError {
        if (index >= wanted.size() || index >= asked || arrived[index]) {
            throw new TransferError(TransferError.Kind.PROTOCOL, peer() + " sent file " + index + " of the batch, which was not asked for");
        }
        int file = wanted.get(index);
        Journal journal = journals.get(file);
        int length = blob == null ? 0 : blob.readableBytes();
        if (!manifest.name().equals(journal.name()) || manifest.size() > DownloadQueue.SMALL_FILE_BYTES
                || manifest.chunkCount() > 1 || length != manifest.size()) {
            throw new TransferError(TransferError.Kind.PROTOCOL, peer() + " sent " + manifest.name() + " (" + length
                    + " bytes) as file " + index + " of the batch, which is " + journal.name());
        }
        if (settled[file] != null) {
            arrive(index);
            return;
        }
        if (manifest.size() > 0 && !hashOf(blob).equals(manifest.chunkHashes().getFirst())) {
            mismatches[file]++;
            LOG.warn("receiving {} in a batch from {}: it failed verification (attempt {} of {})", journal.name(), peer(),
                    mismatches[file], MAX_ATTEMPTS);
            if (mismatches[file] >= MAX_ATTEMPTS) {
                arrive(index);
                settle(file, TransferStatus.FAILED, journal.name() + " from " + peer() + " failed verification "
                        + MAX_ATTEMPTS + " times", null);
            } else {
                context.send(sender, new WorkerMessage.Need(List.of(new ChunkRange(index, index + 1))).encode(), null);
            }
            return;
        }
        arrive(index);
        retries.succeeded();
        Path target = Path.of(journal.target());
        if (alreadyHere(target, manifest)) {
            // Landed before a crash that came before its journal entry went: only a stale partial may be left.
            PartialFile.discard(Drive.partialPathOf(target));
            settle(file, TransferStatus.DONE, null, target);
        } else {
            write(file, target, manifest, blob);
        }
    }

    private void arrive(int index) {
        arrived[index] = true;
        arrivedCount++;
        inFlightBytes -= listedSize(index);
        askMore();
    }

    private void onUnavailable(int index, String reason) throws TransferError {
        if (index >= wanted.size() || index >= asked || arrived[index]) {
            throw new TransferError(TransferError.Kind.PROTOCOL, peer() + " reported file " + index + " of the batch, which was not asked for");
        }
        arrive(index);
        int file = wanted.get(index);
        if (settled[file] == null) {
            settle(file, TransferStatus.FAILED, peer() + ": " + reason, null);
        }
    }

    private static String hashOf(ByteBuf blob) {
        MessageDigest digest = FileManifest.sha256();
        digest.update(blob.nioBuffer());
        return FileManifest.hex(digest.digest());
    }

    /** True if the target already holds exactly this content, so that it need not be written again. */
    private static boolean alreadyHere(Path target, FileManifest manifest) {
        try {
            BasicFileAttributes existing = Files.readAttributes(target, BasicFileAttributes.class);
            if (!existing.isRegularFile() || existing.size() != manifest.size()) {
                return false;
            }
            return manifest.size() == 0 || FileManifest.hex(FileManifest.sha256().digest(Files.readAllBytes(target)))
                    .equals(manifest.chunkHashes().getFirst());
        } catch (IOException absentOrUnreadable) {
            return false;
        }
    }

    /** Writes the file to its partial file and starts its fsync; it lands with its group. */
    private void write(int file, Path target, FileManifest manifest, ByteBuf blob) {
        Path partial = Drive.partialPathOf(target);
        try {
            Files.createDirectories(target.getParent());
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                if (blob != null) {
                    ByteBuffer bytes = blob.nioBuffer();
                    while (bytes.hasRemaining()) {
                        channel.write(bytes);
                    }
                }
            }
            landing.add(new Landing(file, partial, manifest, Fsync.fileLater(partial)));
        } catch (IOException e) {
            PartialFile.discard(partial);
            settle(file, TransferStatus.FAILED, TransferError.writing(target, e).getMessage(), null);
        }
    }

    /**
     * Lands the group: waits for the fsyncs, places each file under its final name, syncs each folder once,
     * and only then reports the files done and forgets their journals.
     */
    private void land() {
        Map<Path, List<Landing>> byFolder = new LinkedHashMap<>();
        Map<Landing, Path> landed = new LinkedHashMap<>();
        for (Landing file : landing) {
            Journal journal = journals.get(file.file());
            Path target = Path.of(journal.target());
            try {
                Fsync.awaitAll(List.of(file.synced()));
                if (settled[file.file()] != null) {
                    // Cancelled or paused while it was on its way: it does not land.
                    PartialFile.discard(file.partial());
                    continue;
                }
                Path at = FilePlacement.placeUnsynced(file.partial(), target, journal.overwrite());
                Files.setLastModifiedTime(at, FileTime.fromMillis(file.manifest().mtimeMillis()));
                landed.put(file, at);
                byFolder.computeIfAbsent(at.getParent(), folder -> new ArrayList<>()).add(file);
            } catch (IOException e) {
                PartialFile.discard(file.partial());
                if (settled[file.file()] == null) {
                    settle(file.file(), TransferStatus.FAILED, TransferError.writing(target, e).getMessage(), null);
                }
            }
        }
        landing.clear();
        for (Map.Entry<Path, List<Landing>> folder : byFolder.entrySet()) {
            try {
                AtomicFile.syncDirectory(folder.getKey());
            } catch (IOException e) {
                for (Landing file : folder.getValue()) {
                    landed.remove(file);
                    settle(file.file(), TransferStatus.FAILED, "cannot sync " + folder.getKey() + ": " + e.getMessage(), null);
                }
            }
        }
        landed.forEach((file, at) -> settle(file.file(), TransferStatus.DONE, null, at));
    }

    /** A file's end: reported once, its journal forgotten, or kept as paused. */
    private void settle(int file, String state, String error, Path landedAt) {
        Journal journal = journals.get(file);
        if (!state.equals(TransferStatus.DONE) && context.kernel().isShuttingDown()) {
            // The node is stopping and interrupted the work: the journal stays, as after a crash.
            return;
        }
        settled[file] = state;
        if (state.equals(TransferStatus.PAUSED)) {
            try {
                store.save(journal.withPaused(true));
            } catch (IOException e) {
                LOG.warn("cannot record the pause of {}: {}", journal.id(), e.getMessage());
            }
        } else {
            ended.add(journal.id());
        }
        if (!state.equals(TransferStatus.DONE)) {
            LOG.info("receiving {} from {} {}: {}", journal.name(), peer(), state, error);
        }
        long size = state.equals(TransferStatus.DONE) ? sizeOf(landedAt) : 0;
        reports.add(new TransferStatus(journal.id(), journal.peer(), journal.name(), state, size, size, 0, -1,
                (landedAt == null ? Path.of(journal.target()) : landedAt).toString(), error, null, attempts,
                state.equals(TransferStatus.DONE) ? size : 0, 0));
    }

    /** Sends the files settled since the last report to the main process, in one message. */
    private void report() {
        store.deleteAll(ended);
        ended.clear();
        if (!reports.isEmpty()) {
            context.send(main, new TransferRequest.Settled(reports).encode(), null);
            reports.clear();
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The link is gone or useless: land what arrived, and ask again for the rest after a backoff. */
    private void linkLost(String reason) {
        LOG.info("receiving a batch of {} files from {}: {}; will reconnect", journals.size(), peer(), reason);
        if (sender != null) {
            context.send(sender, new WorkerMessage.Cancel("reconnecting: " + reason).encode(), null);
        }
        land();
        sender = null;
        retryLater(reason);
    }

    private void retryLater(String reason) {
        if (!retries.schedule(reason)) {
            failOpen(retries.givenUp(attempts));
        }
    }

    @Override
    public Duration idleTimeout() {
        if (retries.waiting()) {
            return retries.untilDue();
        }
        return stallTimeout;
    }

    @Override
    public void onIdle(ProcessContext context) {
        if (retries.waiting()) {
            if (retries.due()) {
                connect();
                report();
            }
            return;
        }
        if (sender != null) {
            context.kernel().dropLink(new NodeId(sender.node()));
        }
        linkLost(peer() + " sent nothing for " + stallTimeout.toSeconds() + " s");
        report();
    }

    /** Every file not settled yet fails with {@code error}; the batch ends. */
    private void failOpen(TransferError error) {
        if (context.kernel().isShuttingDown()) {
            LOG.info("receiving a batch of {} files from {}: stopped with the node; it resumes at the next start", journals.size(), peer());
            over = true;
            context.exit();
            return;
        }
        LOG.info("receiving a batch of {} files from {} failed: {}", journals.size(), peer(), error.getMessage());
        if (sender != null) {
            context.send(sender, new WorkerMessage.Cancel(error.getMessage()).encode(), null);
            sender = null;
        }
        land();
        for (int file = 0; file < journals.size(); file++) {
            if (settled[file] == null) {
                settle(file, TransferStatus.FAILED, error.getMessage(), null);
            }
        }
        report();
        over = true;
        context.exit();
    }

    private boolean allSettled() {
        return Arrays.stream(settled).allMatch(Objects::nonNull);
    }

    private void finish() {
        land();
        if (sender != null) {
            context.send(sender, new WorkerMessage.Done().encode(), null);
        }
        LOG.info("received a batch of {} files from {} ({} attempt{}){}", journals.size(), peer(), attempts,
                attempts == 1 ? "" : "s", retries.lastTrouble() == null ? "" : "; last trouble: " + retries.lastTrouble());
        report();
        over = true;
        context.exit();
    }

    private String peer() {
        return journals.getFirst().peer();
    }

    private String peerNodeId() {
        return journals.getFirst().peerNodeId();
    }

    /**
     * A node shutting down interrupts its workers: the journals stay, and the next start resumes the files not
     * landed yet. Any other unexpected end fails them, so that each is reported once.
     */
    @Override
    public void onExit() {
        if (!over && context != null && !context.kernel().isShuttingDown()) {
            failOpen(new TransferError(TransferError.Kind.CANCELLED, "the receiving worker stopped before the end"));
        }
        if (inWindow) {
            window.leave();
            inWindow = false;
        }
    }
}
