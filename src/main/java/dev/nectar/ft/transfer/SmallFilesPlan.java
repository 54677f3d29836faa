package dev.nectar.ft.transfer;

import dev.nectar.ft.storage.LandingGroup;
import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.ChunkRange;
import dev.nectar.ft.wire.FileManifest;
import dev.nectar.ft.wire.TransferRequest;
import dev.nectar.ft.wire.TransferStatus;
import dev.nectar.ft.wire.WireFrame;
import dev.nectar.ft.wire.WorkerMessage;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A batch of small files from one peer, each whole in one message (manifest and bytes together), asked for by
 * their number in the batch a window at a time. Each verified file is written and synced in the background and
 * lands with its {@link LandingGroup}. Every file keeps its own transfer id, journal and status; the batch is
 * only how they travel.
 */
final class SmallFilesPlan implements ReceivePlan {
    private static final Logger LOG = LoggerFactory.getLogger(SmallFilesPlan.class);
    /** Files asked for and not yet arrived; their bytes in flight stay within the node's {@link ReceiveWindow}. */
    static final int WINDOW = 64;
    /**
     * Files written before they land together: one wait for their syncs, one sync per folder. A whole batch: each
     * landing costs two journal commits whatever its size (~8 ms on a journaled ext4 here), and a folder of 10,000
     * moved 10-20 % faster landing 512 at a time than 128 (docs/benchmarks.md); larger batches gained nothing more.
     */
    private static final int GROUP = DownloadQueue.BATCH_FILES;
    /** Fewer land together once they hold this much: what a crash before their landing makes come again. */
    private static final long GROUP_BYTES = 64L << 20;
    /**
     * Or once the first of them waited this long: over a slow link files still show as done every two seconds. Each
     * landing more costs two journal commits: a bound of 1 s made the first folder after a start a fifth slower.
     */
    private static final long GROUP_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final List<Journal> journals;
    private final JournalStore store;
    private final ReceiveWindow window;
    /** Per file of the batch: its final state once settled, null while still to come. */
    private final String[] settled;
    private final int[] mismatches;
    private final LandingGroup landing = new LandingGroup();
    private Conversation conversation;

    // One attempt: the files still wanted, by their number in this attempt's request.
    private List<Integer> wanted = List.of();
    private boolean[] arrived = new boolean[0];
    private int asked;
    private int arrivedCount;
    private long inFlightBytes;

    SmallFilesPlan(List<Journal> journals, JournalStore store, ReceiveWindow window) {
        this.journals = List.copyOf(journals);
        this.store = store;
        this.window = window;
        this.settled = new String[journals.size()];
        this.mismatches = new int[journals.size()];
    }

    @Override
    public void bind(Conversation conversation) {
        this.conversation = conversation;
    }

    @Override
    public int previousAttempts() {
        return journals.stream().mapToInt(Journal::attempts).max().orElse(0);
    }

    @Override
    public void attempting(int attempt) {
        // Files report when they settle: a status per file and attempt would cost more than the files.
    }

    @Override
    public void reconnecting() {
        // As above: the batch's files stay queued until they settle.
    }

    @Override
    public TransferRequest request(Address self) {
        wanted = new ArrayList<>();
        for (int file = 0; file < journals.size(); file++) {
            if (settled[file] == null) {
                wanted.add(file);
            }
        }
        if (wanted.isEmpty()) {
            return null;
        }
        return new TransferRequest.DownloadBatch(wanted.stream().map(file -> journals.get(file).name()).toList(), self);
    }

    @Override
    public void connected() {
        arrived = new boolean[wanted.size()];
        asked = 0;
        arrivedCount = 0;
        inFlightBytes = 0;
        askMore();
    }

    @Override
    public boolean awaitingFirstWord() {
        return false;
    }

    /** Keeps up to {@link #WINDOW} files, and this batch's share of the node's window, on their way; more once half arrived. */
    private void askMore() {
        long windowBytes = window.bytesPerDownload();
        if (asked >= wanted.size() || asked - arrivedCount > WINDOW / 2 || inFlightBytes > windowBytes / 2) {
            return;
        }
        int upTo = asked;
        do {
            inFlightBytes += listedSize(upTo++);
        } while (upTo < wanted.size() && upTo - arrivedCount < WINDOW && inFlightBytes + listedSize(upTo) <= windowBytes);
        conversation.toSender(new WorkerMessage.Need(List.of(new ChunkRange(asked, upTo))));
        asked = upTo;
    }

    private long listedSize(int index) {
        Long hint = journals.get(wanted.get(index)).sizeHint();
        return hint == null ? DownloadQueue.SMALL_FILE_BYTES : hint;
    }

    @Override
    public void onMessage(WireFrame.Message message, WorkerMessage decoded) throws TransferError {
        switch (decoded) {
            case WorkerMessage.Whole whole -> onWhole(arriving(whole.index()), whole.manifest(), message.blob());
            case WorkerMessage.Unavailable unavailable -> onUnavailable(arriving(unavailable.index()), unavailable);
            default -> throw new TransferError(TransferError.Kind.PROTOCOL, conversation.peer() + " sent a batch something other than files");
        }
        if (landing.size() >= GROUP || landing.bytes() >= GROUP_BYTES || landing.waitingNanos() >= GROUP_WAIT_NANOS
                || arrivedCount == wanted.size()) {
            land();
        }
    }

    /** The batch's file number {@code index} of this attempt arrived: its place in the window is free again. */
    private int arriving(int index) throws TransferError {
        if (index >= asked || arrived[index]) {
            throw new TransferError(TransferError.Kind.PROTOCOL, conversation.peer() + " sent file " + index
                    + " of the batch, which was not asked for");
        }
        arrived[index] = true;
        arrivedCount++;
        inFlightBytes -= listedSize(index);
        askMore();
        return index;
    }

    /** Asks for file {@code index} once more; false when it has failed as often as a piece may. */
    private boolean askAgain(int index) {
        int file = wanted.get(index);
        if (++mismatches[file] >= MAX_MISMATCHES) {
            return false;
        }
        arrived[index] = false;
        arrivedCount--;
        inFlightBytes += listedSize(index);
        conversation.toSender(new WorkerMessage.Need(List.of(new ChunkRange(index, index + 1))));
        return true;
    }

    private void onWhole(int index, FileManifest manifest, ByteBuf blob) throws TransferError {
        int file = wanted.get(index);
        Journal journal = journals.get(file);
        int length = blob == null ? 0 : blob.readableBytes();
        if (!manifest.name().equals(journal.name()) || manifest.size() > DownloadQueue.SMALL_FILE_BYTES
                || manifest.chunkCount() > 1 || length != manifest.size()) {
            throw new TransferError(TransferError.Kind.PROTOCOL, conversation.peer() + " sent " + manifest.name() + " (" + length
                    + " bytes) as file " + index + " of the batch, which is " + journal.name());
        }
        if (settled[file] != null) {
            return;
        }
        Path target = Path.of(journal.target());
        boolean intact;
        try {
            intact = landing.add(file, target, manifest, blob == null ? ByteBuffer.allocate(0) : blob.nioBuffer(), journal.overwrite());
        } catch (IOException e) {
            settle(file, TransferStatus.FAILED, TransferError.writing(target, e).getMessage());
            return;
        }
        if (intact) {
            conversation.progressed();
            return;
        }
        LOG.warn("receiving {} in a batch from {}: it failed verification (attempt {} of {})", journal.name(), conversation.peer(),
                mismatches[file] + 1, MAX_MISMATCHES);
        if (!askAgain(index)) {
            settle(file, TransferStatus.FAILED, journal.name() + " from " + conversation.peer() + " failed verification "
                    + MAX_MISMATCHES + " times");
        }
    }

    private void onUnavailable(int index, WorkerMessage.Unavailable unavailable) {
        int file = wanted.get(index);
        if (settled[file] != null) {
            return;
        }
        String peer = conversation.peer();
        switch (unavailable.why()) {
            case MISSING -> settle(file, TransferStatus.FAILED,
                    TransferError.missing(peer, unavailable.reason(), conversation.attempts() > 1).getMessage());
            case CHANGED -> {
                if (!askAgain(index)) {
                    settle(file, TransferStatus.FAILED, peer + ": " + unavailable.reason());
                }
            }
            case TOO_LARGE -> settle(file, TransferStatus.FAILED, peer + ": " + unavailable.reason() + "; retry fetches it alone");
            case UNREADABLE -> settle(file, TransferStatus.FAILED, peer + " refused: " + unavailable.reason());
        }
    }

    /** Lands the files written so far: placed under their names once durable, then reported done. */
    private void land() {
        for (LandingGroup.Outcome outcome : landing.land(file -> settled[file] == null)) {
            if (outcome.landed()) {
                landed(outcome.file(), outcome.landedAt(), outcome.size());
            } else {
                settle(outcome.file(), TransferStatus.FAILED, TransferError.writing(outcome.target(), outcome.failure()).getMessage());
            }
        }
    }

    /** A file that did not land ends: reported once, its journal forgotten, or kept as paused. */
    private void settle(int file, String state, String error) {
        end(file, state, error, Path.of(journals.get(file).target()), 0);
    }

    private void landed(int file, Path at, long size) {
        end(file, TransferStatus.DONE, null, at, size);
    }

    private void end(int file, String state, String error, Path path, long size) {
        Journal journal = journals.get(file);
        settled[file] = state;
        if (state.equals(TransferStatus.PAUSED)) {
            try {
                store.save(journal.withPaused(true));
            } catch (IOException e) {
                LOG.warn("cannot record the pause of {}: {}", journal.id(), e.getMessage());
            }
        } else {
            conversation.forget(journal.id());
        }
        conversation.report(new TransferStatus(journal.id(), journal.peer(), journal.name(), state, size, size, 0, -1,
                path.toString(), error, null, conversation.attempts(), size, 0));
    }

    @Override
    public void sourceChanged(String reason) {
        land();
    }

    @Override
    public void keep() {
        land();
    }

    @Override
    public boolean pause(String id) {
        return settleOpen(id, TransferStatus.PAUSED, null);
    }

    @Override
    public boolean cancel(String id) {
        return settleOpen(id, TransferStatus.CANCELLED, "cancelled by the owner");
    }

    private boolean settleOpen(String id, String state, String error) {
        for (int file = 0; file < journals.size(); file++) {
            if (journals.get(file).id().equals(id) && settled[file] == null) {
                settle(file, state, error);
                return true;
            }
        }
        return false;
    }

    @Override
    public void failAll(TransferError error) {
        land();
        for (int file = 0; file < journals.size(); file++) {
            if (settled[file] == null) {
                settle(file, TransferStatus.FAILED, error.getMessage());
            }
        }
    }

    /** True once every file settled; files cancelled or paused on their way are discarded first. */
    @Override
    public boolean finished() {
        if (!Arrays.stream(settled).allMatch(Objects::nonNull)) {
            return false;
        }
        land();
        return true;
    }

    @Override
    public void close() {
        // Files written and not landed keep their partial files and journals: the next start fetches them again.
    }
}
