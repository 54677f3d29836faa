package dev.nectar.ft.transfer;

import dev.nectar.ft.storage.IncomingFile;
import dev.nectar.ft.storage.NoRoomException;
import dev.nectar.ft.storage.PartialFile;
import dev.nectar.ft.vfs.Drive;
import dev.nectar.ft.vfs.FileProblem;
import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.ChunkRange;
import dev.nectar.ft.wire.FileManifest;
import dev.nectar.ft.wire.FirstChunks;
import dev.nectar.ft.wire.TransferRequest;
import dev.nectar.ft.wire.TransferStatus;
import dev.nectar.ft.wire.WireFrame;
import dev.nectar.ft.wire.WorkerMessage;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file in chunks: take the manifest from the origin, ask for the missing chunks with bounded windows, write
 * each verified chunk into the {@link IncomingFile}, checkpoint now and then, and land it when every chunk is
 * there. Its journal never claims a chunk that a crash could lose: the data is synced before the journal is written.
 *
 * <p>Peers that hold the same file (by its hash) may offer their chunks while it runs: the {@link SourceSchedule}
 * decides whom to ask for what, and every chunk, from anyone, is checked against the origin's manifest. A download
 * into the public drive offers its own verified chunks to others meanwhile ({@link SharedPartial}).
 */
final class OneFilePlan implements ReceivePlan {
    private static final Logger LOG = LoggerFactory.getLogger(OneFilePlan.class);
    /**
     * Verified chunks between checkpoints (sync the data, then the journal). Every resume re-hashes the partial
     * file, so chunks written since the last checkpoint are still reused when they survived; checkpoints only
     * bound what a power cut can cost.
     */
    private static final int CHECKPOINT_CHUNKS = 64;
    private static final long CHECKPOINT_NANOS = 2_000_000_000L;


    private final JournalStore journals;
    private final ReceiveWindow window;
    private final HeldContent held;
    /**
     * Where in the file this download begins (modulo its chunk count): a random place, so that receivers starting
     * together fetch different chunks.
     */
    private final int place;
    private final Path target;
    private Journal journal;
    private Conversation conversation;
    private String note;
    private String ended;
    private long wireBytes;
    private long reusedBytes;

    // One attempt: reset whenever it ends.
    private FirstChunks firstAsked;
    private long requestedAtNanos;
    private boolean linkJudged;
    private IncomingFile file;
    private int[] mismatches;
    private SourceSchedule schedule;
    private SourceSchedule.Source origin;
    private SharedPartial shared;
    private int sinceCheckpoint;
    private long lastCheckpointNanos;
    private ProgressMeter meter;
    /** The sources of the last attempt that had others than the origin, as the status shows them. */
    private List<TransferStatus.Source> shares = List.of();
    private long duplicateBytes;

    OneFilePlan(Journal journal, JournalStore journals, ReceiveWindow window, HeldContent held) {
        this(journal, journals, window, held, new SecureRandom());
    }

    OneFilePlan(Journal journal, JournalStore journals, ReceiveWindow window, HeldContent held, RandomGenerator places) {
        this.place = places.nextInt(Integer.MAX_VALUE);
        this.journal = journal;
        this.journals = journals;
        this.window = window;
        this.held = held;
        this.target = Path.of(journal.target());
        this.wireBytes = journal.wireBytes();
        this.reusedBytes = journal.reusedBytes();
    }

    @Override
    public void bind(Conversation conversation) {
        this.conversation = conversation;
    }

    @Override
    public int previousAttempts() {
        return journal.attempts();
    }

    @Override
    public void attempting(int attempt) {
        journal = journal.withAttempts(attempt);
        report(attempt == 1 ? TransferStatus.STARTING : TransferStatus.RESUMING, null, target);
    }

    @Override
    public void reconnecting() {
        report(TransferStatus.RESUMING, null, target);
    }

    /**
     * A download afresh asks for its first chunks with the request: the window it starts with, or its share from a
     * peer it knows on a long fat link ({@link ReceiveWindow#firstChunks}). One that resumes asks once it knows what
     * it has.
     */
    @Override
    public TransferRequest request(Address self) {
        if (ended != null) {
            return null;
        }
        firstAsked = journal.manifest() == null ? new FirstChunks(window.firstChunks(journal.peerNodeId()), place) : null;
        requestedAtNanos = System.nanoTime();
        return new TransferRequest.Download(journal.name(), self, null, false, firstAsked);
    }

    @Override
    public void connected() {
        // The sender speaks first, with the manifest.
    }

    @Override
    public boolean awaitingFirstWord() {
        return file == null;
    }

    @Override
    public void onMessage(WireFrame.Message message, WorkerMessage decoded) throws TransferError {
        switch (decoded) {
            case WorkerMessage.Manifest announced -> onManifest(message, announced);
            case WorkerMessage.Chunk chunk -> onChunk(sourceOf(message), chunk, message.blob());
            default -> throw new TransferError(TransferError.Kind.PROTOCOL, "unexpected " + message.body().length
                    + "-byte message from the sender of " + journal.name());
        }
    }

    @Override
    public String seeking() {
        return file == null || ended != null || file.manifest().chunkCount() < 2 ? null : file.manifest().fileHash();
    }

    @Override
    public void fromSource(WireFrame.Message message, WorkerMessage decoded, String name) throws TransferError {
        Optional<SourceSchedule.Source> known = schedule == null ? Optional.empty() : schedule.find(message.envelope().source());
        switch (decoded) {
            case WorkerMessage.Holding holding when known.isEmpty() -> offered(message, holding, name);
            case WorkerMessage.Holding holding -> {
                if (fits(holding)) {
                    schedule.holding(known.get(), holding.held(), holding.coming());
                    pump();
                }
            }
            case WorkerMessage.Chunk chunk when known.isPresent() -> onChunk(known.get(), chunk, message.blob());
            case WorkerMessage.Unavailable unavailable when known.isPresent() && unavailable.index() < file.manifest().chunkCount() -> {
                schedule.giveBack(known.get(), unavailable.index());
                pump();
            }
            case WorkerMessage.Cancel cancel when known.isPresent() -> {
                LOG.info("receiving {}: {} stopped serving: {}", journal.name(), name, cancel.reason());
                schedule.stop(known.get(), "stopped: " + cancel.reason());
                pump();
            }
            default -> LOG.debug("receiving {}: ignoring a {}-byte message from {}", journal.name(), message.body().length, name);
        }
    }

    /** A peer offers chunks of this file: a source from now on, asked at once for what it can send. */
    private void offered(WireFrame.Message message, WorkerMessage.Holding holding, String name) {
        Optional<SourceSchedule.Source> added = seeking() != null && fits(holding)
                ? schedule.add(message.envelope().source(), name, false, holding.held()) : Optional.empty();
        added.ifPresent(source -> schedule.holding(source, holding.held(), holding.coming()));
        if (added.isEmpty()) {
            conversation.respond(message, new WorkerMessage.Cancel("not needed"));
            return;
        }
        LOG.info("receiving {}: {} offers {} chunks", journal.name(), name,
                holding.held() == null ? "all " + holding.chunkCount() : String.valueOf(holding.held().cardinality()));
        conversation.respond(message, new WorkerMessage.Need(ask(added.get())));
        pump();
    }

    private boolean fits(WorkerMessage.Holding holding) {
        return file != null && holding.fileHash().equals(file.manifest().fileHash()) && holding.chunkCount() == file.manifest().chunkCount();
    }

    @Override
    public List<Address> sources() {
        return schedule == null ? List.of() : schedule.live().stream().filter(source -> !source.isOrigin())
                .map(SourceSchedule.Source::address).toList();
    }

    @Override
    public List<String> seekers() {
        return shared == null ? List.of() : shared.seekers();
    }

    @Override
    public List<String> notToAsk() {
        if (schedule == null) {
            return List.of();
        }
        List<String> nodes = new ArrayList<>(schedule.refused());
        sources().forEach(source -> nodes.add(source.node()));
        return nodes;
    }

    @Override
    public void sourcesLost(String node) {
        if (schedule == null) {
            return;
        }
        for (SourceSchedule.Source source : schedule.live()) {
            if (source.address().node().equals(node)) {
                LOG.info("receiving {}: lost the link to {}", journal.name(), source.name());
                schedule.stop(source, "link lost");
            }
        }
        pump();
    }

    @Override
    public boolean goesOnWithoutOrigin() {
        return schedule != null && schedule.live().stream().anyMatch(source -> !source.isOrigin()) && !schedule.stuck();
    }

    @Override
    public void tick() {
        if (schedule == null) {
            return;
        }
        for (SourceSchedule.Source source : schedule.stalled(System.nanoTime())) {
            LOG.info("receiving {}: {} sent nothing for {} s; its chunks go to others", journal.name(), source.name(),
                    SourceSchedule.STALL_NANOS / 1_000_000_000L);
            drop(source, "stalled");
        }
        pump();
    }

    @Override
    public boolean stuck() {
        return schedule != null && ended == null && schedule.stuck();
    }

    /** The message's sender as a source; the origin's worker is the session's sender. */
    private SourceSchedule.Source sourceOf(WireFrame.Message message) throws TransferError {
        if (schedule == null) {
            throw new TransferError(TransferError.Kind.PROTOCOL, peer() + " sent a chunk before the manifest");
        }
        return schedule.find(message.envelope().source()).orElse(origin);
    }

    /** A source is not asked again for this file; it is told so, unless it is the origin. */
    private void drop(SourceSchedule.Source source, String reason) {
        schedule.stop(source, reason);
        if (!source.isOrigin()) {
            conversation.toSource(source.address(), new WorkerMessage.Cancel(reason));
        }
    }

    /** Asks every live source for what its window has room for: the others first, so the origin gets what is left. */
    private void pump() {
        if (schedule == null || ended != null) {
            return;
        }
        List<SourceSchedule.Source> live = new ArrayList<>(schedule.live());
        live.sort(Comparator.comparing(SourceSchedule.Source::isOrigin));
        for (SourceSchedule.Source source : live) {
            List<ChunkRange> ranges = ask(source);
            if (!ranges.isEmpty()) {
                conversation.toSource(source.address(), new WorkerMessage.Need(ranges));
            }
        }
        if (shared != null) {
            shared.coming(schedule.askedFromOrigin());
        }
    }

    private List<ChunkRange> ask(SourceSchedule.Source source) {
        return schedule.next(source, limits(), System.nanoTime());
    }

    private SourceSchedule.Limits limits() {
        int perSource = window.perDownload();
        // In a swarm the origin's uplink is shared by receivers that trade chunks: no window grows there.
        if (schedule.hasOthers()) {
            return SourceSchedule.Limits.shortLink(perSource, 2 * perSource);
        }
        int most = window.share();
        return new SourceSchedule.Limits(perSource, most, most);
    }

    private void onManifest(WireFrame.Message message, WorkerMessage.Manifest manifest) throws TransferError {
        long receivedNanos = System.nanoTime();
        FileManifest announced = manifest.manifest();
        if (file != null) {
            throw new TransferError(TransferError.Kind.PROTOCOL, peer() + " sent a second manifest");
        }
        if (!announced.name().equals(journal.name())) {
            throw new TransferError(TransferError.Kind.PROTOCOL, peer() + " announced " + announced.name() + " instead of " + journal.name());
        }
        FileManifest known = journal.manifest();
        boolean resuming = known != null && known.fileHash().equals(announced.fileHash()) && known.size() == announced.size()
                && known.chunkSize() == announced.chunkSize();
        if (known != null && !resuming) {
            note = "source changed: " + journal.name() + " on " + peer() + " is not the file this download started with; started over";
            LOG.info("receiving {}: {}", journal.name(), note);
        }
        boolean alreadyThere;
        try {
            alreadyThere = !resuming && IncomingFile.holds(target, announced);
        } catch (IOException e) {
            throw new TransferError(TransferError.Kind.NOT_WRITABLE, "cannot read " + target + ": " + FileProblem.describe(e, target));
        }
        if (alreadyThere) {
            conversation.respond(message, new WorkerMessage.Need(List.of()));
            LOG.info("{} from {} is already at {}: nothing to download", journal.name(), peer(), target);
            // It may have landed before a crash that came before its journal went: a stale partial goes too.
            PartialFile.discard(Drive.partialPathOf(target));
            end(TransferStatus.DONE, null, target, announced.size(), announced.size());
            return;
        }
        try {
            file = IncomingFile.open(target, announced, resuming);
        } catch (NoRoomException e) {
            throw new TransferError(TransferError.Kind.DISK_FULL, e.getMessage());
        } catch (IOException e) {
            throw new TransferError(TransferError.Kind.NOT_WRITABLE, "cannot write " + target.getParent() + ": " + FileProblem.describe(e, target.getParent()));
        }
        if (resuming) {
            reusedBytes += file.reusedBytes();
            LOG.info("receiving {}: resuming with {} of {} bytes intact in the partial file", journal.name(), file.reusedBytes(), announced.size());
        }
        mismatches = new int[announced.chunkCount()];
        BitSet verified = file.verified();
        schedule = new SourceSchedule(announced.chunkCount(), announced.chunkSize(), verified, place);
        origin = schedule.add(message.envelope().source(), peer(), true, null).orElseThrow();
        shared = announced.chunkCount() > 1 ? held.share(target, announced, verified) : null;
        journal = journal.withManifest(announced, verified).withProgress(verified, wireBytes, reusedBytes);
        if (announced.chunkCount() > 1) {
            // A one-chunk file has nothing partial to resume: its queued journal, without manifest, restarts it.
            saveJournal();
        }
        meter = new ProgressMeter(announced.size(), file.verifiedBytes());
        lastCheckpointNanos = System.nanoTime();
        if (!manifest.ahead().isEmpty()) {
            sentAhead(manifest.ahead(), manifest.heldMicros(), receivedNanos);
        }
        conversation.respond(message, new WorkerMessage.Need(ask(origin)));
        report(TransferStatus.RUNNING, null, target);
        if (file.isComplete()) {
            land();
        }
    }

    /**
     * The origin sent {@code ahead} right behind its manifest: they count as asked one round trip before they come,
     * which is when the request went out, plus the time the origin held it and the time this node took over the
     * manifest before it could take the chunks waiting behind it. So the first round trip measures the link, as an
     * ask's does.
     */
    private void sentAhead(List<ChunkRange> ahead, long heldMicros, long manifestReceivedNanos) throws TransferError {
        if (firstAsked == null || !ahead.equals(firstAsked.of(file.manifest().chunkCount()))) {
            throw new TransferError(TransferError.Kind.PROTOCOL, peer() + " sent chunks ahead that were not asked for: "
                    + ahead.stream().map(range -> range.from() + "-" + (range.to() - 1)).collect(Collectors.joining(", ")));
        }
        long now = System.nanoTime();
        long heldNanos = Math.min(heldMicros, (manifestReceivedNanos - requestedAtNanos) / 1_000) * 1_000;
        schedule.sentAhead(origin, ahead, limits(), requestedAtNanos + heldNanos + (now - manifestReceivedNanos));
    }

    private void onChunk(SourceSchedule.Source source, WorkerMessage.Chunk chunk, ByteBuf blob) throws TransferError {
        if (file == null) {
            throw new TransferError(TransferError.Kind.PROTOCOL, source.name() + " sent a chunk before the manifest");
        }
        FileManifest manifest = file.manifest();
        long index = chunk.offset() / manifest.chunkSize();
        if (chunk.offset() % manifest.chunkSize() != 0 || index >= manifest.chunkCount() || blob == null
                || blob.readableBytes() != manifest.lengthOf((int) index) || chunk.length() != blob.readableBytes()) {
            String bad = source.name() + " sent a chunk that is not in the manifest (offset " + chunk.offset() + ", length " + chunk.length() + ")";
            if (source.isOrigin()) {
                throw new TransferError(TransferError.Kind.PROTOCOL, bad);
            }
            LOG.warn("receiving {}: {}; not asked again", journal.name(), bad);
            schedule.refuse(source.address().node());
            drop(source, "dropped: sent a chunk not in the manifest");
            pump();
            return;
        }
        int at = (int) index;
        wireBytes += blob.readableBytes();
        // After a reconnect, chunks asked for by the last attempt may still come, and so may those of a source dropped
        // meanwhile: they count for nothing.
        if (!source.live() || !schedule.arrived(source, at, blob.readableBytes(), System.nanoTime()) || file.has(at)) {
            pump();
            return;
        }
        if (!write(at, blob)) {
            mismatched(source, at);
            pump();
            return;
        }
        if (source.isOrigin() && !linkJudged && source.linkJudged()) {
            linkJudged = true;
            window.judged(journal.peerNodeId(), source.longFat());
        }
        for (SourceSchedule.Source loser : schedule.verified(source, at, blob.readableBytes())) {
            conversation.toSource(loser.address(), new WorkerMessage.Drop(List.of(new ChunkRange(at, at + 1))));
        }
        if (shared != null) {
            shared.verified(at);
        }
        conversation.progressed();
        sinceCheckpoint++;
        pump();
        if (file.isComplete()) {
            land();
            return;
        }
        if (sinceCheckpoint >= CHECKPOINT_CHUNKS || System.nanoTime() - lastCheckpointNanos > CHECKPOINT_NANOS) {
            checkpointInBackground();
        }
        if (meter.due(file.verifiedBytes())) {
            report(TransferStatus.RUNNING, null, target);
        }
    }

    /**
     * A chunk failed verification: the origin may send it again a few times; any other source is not asked again
     * for this file (it holds other bytes under the same hash, or lies).
     */
    private void mismatched(SourceSchedule.Source source, int at) throws TransferError {
        schedule.giveBack(source, at);
        if (!source.isOrigin()) {
            LOG.warn("receiving {}: chunk {} from {} failed verification; {} is not asked again for this file", journal.name(), at,
                    source.name(), source.name());
            schedule.refuse(source.address().node());
            drop(source, "dropped: chunk " + at + " failed verification");
            return;
        }
        mismatches[at]++;
        LOG.warn("receiving {}: chunk {} from {} failed verification (attempt {} of {})", journal.name(), at, peer(),
                mismatches[at], MAX_MISMATCHES);
        if (mismatches[at] >= MAX_MISMATCHES) {
            throw new TransferError(TransferError.Kind.VERIFICATION, "chunk " + at + " of " + journal.name() + " from "
                    + peer() + " failed verification " + MAX_MISMATCHES + " times");
        }
    }

    private boolean write(int chunk, ByteBuf blob) throws TransferError {
        try {
            return file.write(chunk, blob.nioBuffer());
        } catch (IOException e) {
            throw TransferError.writing(target, e);
        }
    }

    /** Syncs the written chunks and records them on a sync thread, while chunks keep arriving. */
    private void checkpointInBackground() throws TransferError {
        Journal durable = withProgress();
        try {
            if (file.checkpointLater(() -> journals.save(durable))) {
                sinceCheckpoint = 0;
                lastCheckpointNanos = System.nanoTime();
            }
        } catch (IOException e) {
            throw syncFailed(e);
        }
    }

    /** The journal with the chunks verified so far, kept as the current one, for a checkpoint to save once they are durable. */
    private Journal withProgress() {
        journal = journal.withProgress(file.verified(), wireBytes, reusedBytes);
        return journal;
    }

    private TransferError syncFailed(IOException e) {
        return new TransferError(TransferError.Kind.NOT_WRITABLE, "cannot sync " + target + ": " + FileProblem.describe(e, target));
    }

    private void land() throws TransferError {
        Path landed;
        try {
            landed = file.land(journal.overwrite());
        } catch (IOException e) {
            throw new TransferError(TransferError.Kind.NOT_WRITABLE, "cannot put " + journal.name() + " in place at " + target
                    + ": " + FileProblem.describe(e));
        }
        LOG.info("received {} from {}: {} bytes into {} ({} attempt{}{})", journal.name(), peer(), file.manifest().size(), landed,
                journal.attempts(), journal.attempts() == 1 ? "" : "s", schedule.hasOthers() ? ", " + schedule.shares().size() + " sources" : "");
        FileManifest manifest = file.manifest();
        if (schedule.hasOthers()) {
            LOG.info("received {}: bytes by source: {}; {} bytes came twice", journal.name(), currentShares().stream()
                    .map(share -> share.name() + " " + share.bytes() + (share.state().equals(TransferStatus.Source.ACTIVE) ? "" : " (" + share.state() + ")"))
                    .collect(Collectors.joining(", ")), currentDuplicates());
        }
        held.landed(landed, manifest);
        end(TransferStatus.DONE, null, landed, manifest.size(), manifest.size());
    }

    @Override
    public void sourceChanged(String reason) {
        note = "source changed: " + peer() + " modified " + journal.name() + " during the transfer";
        LOG.info("receiving {}: {}", journal.name(), note);
        closeAttempt();
    }

    @Override
    public void keep() throws TransferError {
        if (file != null) {
            Journal durable = withProgress();
            try {
                file.checkpoint(() -> journals.save(durable));
            } catch (IOException e) {
                throw syncFailed(e);
            }
        }
        closeAttempt();
    }

    @Override
    public boolean pause(String id) throws TransferError {
        if (!id.equals(journal.id()) || ended != null) {
            return false;
        }
        LOG.info("receiving {}: paused by the owner", journal.name());
        keep();
        journal = journal.withPaused(true);
        saveJournal();
        ended = TransferStatus.PAUSED;
        report(TransferStatus.PAUSED, null, target);
        return true;
    }

    @Override
    public boolean cancel(String id) {
        if (!id.equals(journal.id()) || ended != null) {
            return false;
        }
        discard(TransferStatus.CANCELLED, "cancelled by the owner");
        return true;
    }

    @Override
    public void failAll(TransferError error) {
        if (ended == null) {
            discard(TransferStatus.FAILED, error.getMessage());
        }
    }

    private void discard(String state, String reason) {
        long total = total();
        if (file != null) {
            file.discard();
            file = null;
        } else {
            PartialFile.discard(Drive.partialPathOf(target));
        }
        end(state, reason, target, 0, total);
    }

    private void end(String state, String error, Path path, long endBytes, long total) {
        ended = state;
        conversation.forget(journal.id());
        statusOf(state, error, path, endBytes, total);
        closeAttempt();
    }

    @Override
    public boolean finished() {
        return ended != null;
    }

    @Override
    public void close() {
        closeAttempt();
    }

    private void closeAttempt() {
        remember();
        if (schedule != null) {
            for (Address source : sources()) {
                conversation.toSource(source, TransferStatus.DONE.equals(ended) ? new WorkerMessage.Done()
                        : new WorkerMessage.Cancel("the download of " + journal.name() + " ended or reconnects"));
            }
            schedule = null;
            origin = null;
        }
        if (shared != null) {
            held.withdraw(shared);
            shared = null;
        }
        if (file != null) {
            file.close();
            file = null;
        }
        meter = null;
        sinceCheckpoint = 0;
        linkJudged = false;
    }

    private void saveJournal() {
        try {
            journals.save(journal);
        } catch (IOException e) {
            LOG.warn("cannot save the journal of {}: {}", journal.id(), e.getMessage());
        }
    }

    private String peer() {
        return journal.peer();
    }

    /** Between attempts the journal's last checkpoint says how much is here. */
    private void report(String state, String error, Path path) {
        statusOf(state, error, path, file != null ? file.verifiedBytes() : journal.verifiedBytes(), total());
    }

    private long total() {
        return file != null ? file.manifest().size() : journal.total();
    }

    /** Keeps what the status shows of this attempt's sources, before the attempt ends. */
    private void remember() {
        if (schedule != null && schedule.hasOthers()) {
            shares = schedule.shares();
            duplicateBytes = schedule.duplicateBytes();
        }
    }

    private void statusOf(String state, String error, Path path, long bytes, long total) {
        long rate = meter == null ? 0 : meter.rate();
        long eta = meter == null ? -1 : meter.etaSeconds(bytes);
        String shownNote = state.equals(TransferStatus.RESUMING) && conversation.lastTrouble() != null ? conversation.lastTrouble() : note;
        conversation.report(new TransferStatus(journal.id(), peer(), journal.name(), state, bytes, total, rate, eta,
                path.toString(), error, shownNote, journal.attempts(), wireBytes, reusedBytes).withSources(currentShares(), currentDuplicates()));
    }

    private List<TransferStatus.Source> currentShares() {
        return schedule != null && schedule.hasOthers() ? schedule.shares() : shares;
    }

    private long currentDuplicates() {
        return schedule != null && schedule.hasOthers() ? schedule.duplicateBytes() : duplicateBytes;
    }
}
