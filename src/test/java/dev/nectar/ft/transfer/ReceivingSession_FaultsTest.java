package dev.nectar.ft.transfer;

import static dev.nectar.ft.transfer.ScriptedContext.OWNER;
import static dev.nectar.ft.transfer.ScriptedContext.PEER;
import static dev.nectar.ft.transfer.ScriptedContext.PEER_ID;
import static dev.nectar.ft.transfer.ScriptedContext.SENDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nectar.ft.storage.ContentIndex;
import dev.nectar.ft.storage.ManifestCache;
import dev.nectar.ft.vfs.Drive;
import dev.nectar.ft.wire.ChunkRange;
import dev.nectar.ft.wire.ErrorReply;
import dev.nectar.ft.wire.FileManifest;
import dev.nectar.ft.wire.FirstChunks;
import dev.nectar.ft.wire.TransferRequest;
import dev.nectar.ft.wire.TransferResponse;
import dev.nectar.ft.wire.TransferStatus;
import dev.nectar.ft.wire.WorkerMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The one receiving session, for both shapes of download, against a scripted peer and no network: the sender's
 * side is the real {@link Outgoing} of that shape reading a real drive, its pieces handed over as messages. Each
 * fault ends the same way for a file in chunks and for a batch of small files.
 */
class ReceivingSession_FaultsTest {
    /** The two shapes of a download: what the peer shares, and the plan and sender for it. */
    enum Shape {
        ONE_FILE(List.of("video.mkv"), 3 * FileManifest.DEFAULT_CHUNK_SIZE + 4321),
        SMALL_FILES(List.of("notes/a.txt", "notes/b.txt", "notes/c.txt"), 7000);

        final List<String> names;
        final int size;

        Shape(List<String> names, int size) {
            this.names = names;
            this.size = size;
        }
    }

    @TempDir
    Path directory;
    Path shared;
    Path drive;
    JournalStore store;
    ReceiveWindow window;
    List<Journal> journals;
    ScriptedContext context;
    ReceivingSession session;
    Outgoing outgoing;
    Outgoing announced;
    /** How many of the context's sent messages the peer has read, and the pieces asked for and not yet sent. */
    int read;
    final Deque<Integer> pending = new ArrayDeque<>();

    @BeforeEach
    void setUp() throws IOException {
        shared = Files.createDirectories(directory.resolve("bob"));
        drive = Files.createDirectories(directory.resolve("alice"));
        store = new JournalStore(Files.createDirectories(directory.resolve("journals")));
        window = new ReceiveWindow();
    }

    private void share(Shape shape, long seed) throws IOException {
        Random random = new Random(seed);
        for (String name : shape.names) {
            byte[] bytes = new byte[shape.size];
            random.nextBytes(bytes);
            Files.createDirectories(shared.resolve(name).getParent());
            Files.write(shared.resolve(name), bytes);
        }
    }

    private void start(Shape shape, Duration retryDeadline) throws IOException {
        share(shape, 1);
        journals = new ArrayList<>();
        for (String name : shape.names) {
            journals.add(Journal.start("worker-00000000000" + journals.size(), PEER, PEER_ID, name, drive.resolve(name).toString(), false,
                    shape == Shape.SMALL_FILES ? (long) shape.size : null));
        }
        store.createAll(journals);
        begin(shape, journals, retryDeadline);
    }

    /** Every download begins at the first chunk, so that what each attempt asks for is known. */
    private static final RandomGenerator FROM_THE_START = () -> 0L;

    /** What a node that offers nothing to swarms holds: these sessions have one source. */
    private HeldContent nothingServed() {
        try {
            Drive drive = Drive.open(Files.createDirectories(directory.resolve("public")));
            ManifestCache manifests = new ManifestCache(directory.resolve("hash-index"));
            return new HeldContent(drive, manifests, new ContentIndex(drive, manifests), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new session (as after a restart) for {@code these} journals. */
    private void begin(Shape shape, List<Journal> these, Duration retryDeadline) {
        ReceivePlan plan = shape == Shape.ONE_FILE ? new OneFilePlan(these.getFirst(), store, window, nothingServed(), FROM_THE_START)
                : new SmallFilesPlan(these, store, window);
        context = new ScriptedContext(shape == Shape.ONE_FILE ? these.getFirst().id() : "worker-batch00000001");
        session = new ReceivingSession(plan, PEER, PEER_ID, store, window, OWNER, Duration.ofSeconds(20), retryDeadline);
        read = 0;
        context.answering(this::senderFor);
    }

    /** The peer's main process: a sending worker at {@link ScriptedContext#SENDER} for what was asked. */
    private byte[] senderFor(TransferRequest request) {
        try {
            outgoing = switch (request) {
                case TransferRequest.Download download -> new OutgoingFile(download.name(), shared.resolve(download.name()),
                        new ManifestCache(Files.createDirectories(directory.resolve("index"))), download.first());
                case TransferRequest.DownloadBatch batch -> new OutgoingBatch(batch.names(), Drive.open(shared));
                default -> throw new AssertionError(request);
            };
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return new TransferResponse.Download("x", SENDER).encode();
    }

    /**
     * The sender: announces what it sends if its shape speaks first, with the pieces the announcement says come
     * behind it, then serves up to {@code pieces} of the pieces asked for, in the order asked.
     */
    private void serve(int pieces) throws Exception {
        if (outgoing == null) {
            return;
        }
        if (announced != outgoing) {
            announced = outgoing;
            pending.clear();
            WorkerMessage manifest = outgoing.announce();
            if (manifest != null) {
                session.handle(context.from(SENDER, manifest.encode(), null), context);
            }
            if (manifest instanceof WorkerMessage.Manifest withAhead) {
                withAhead.ahead().forEach(range -> IntStream.range(range.from(), range.to()).forEach(pending::add));
            }
        }
        for (int served = 0; served < pieces && !context.exited; served++) {
            for (; read < context.sent.size(); read++) {
                if (context.sent.get(read).target().equals(SENDER) && context.sent.get(read).worker() instanceof WorkerMessage.Need need) {
                    need.chunks().forEach(range -> IntStream.range(range.from(), range.to()).forEach(pending::add));
                }
            }
            if (pending.isEmpty()) {
                return;
            }
            Outgoing.Piece piece = outgoing.read(pending.removeFirst());
            byte[] blob = null;
            if (piece.blob() != null) {
                blob = new byte[piece.blob().readableBytes()];
                piece.blob().readBytes(blob);
                piece.blob().release();
            }
            session.handle(context.from(SENDER, piece.message().encode(), blob), context);
        }
    }

    private void awaitNextAttempt(int requests) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
            session.onIdle(context);
            return context.requests.size() >= requests || context.exited;
        });
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private void assertLandedWhole(Shape shape) throws Exception {
        for (int i = 0; i < shape.names.size(); i++) {
            String name = shape.names.get(i);
            assertThat(context.last(journals.get(i).id()).state()).as(name).isEqualTo(TransferStatus.DONE);
            assertThat(sha256(drive.resolve(name))).as(name).isEqualTo(sha256(shared.resolve(name)));
            assertThat(Drive.partialPathOf(drive.resolve(name))).doesNotExist();
        }
        assertThat(store.readAll().transfers()).as("no journal left").isEmpty();
        assertThat(context.exited).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void everyFileLandsWholeAndTheSenderIsToldItIsDone(Shape shape) throws Exception {
        start(shape, Duration.ofMinutes(1));
        session.onStart(context);
        serve(Integer.MAX_VALUE);

        assertLandedWhole(shape);
        assertThat(context.toSender().getLast()).isInstanceOf(WorkerMessage.Done.class);
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void aCutLinkKeepsWhatArrivedAndTheNextAttemptAsksOnlyForTheRest(Shape shape) throws Exception {
        start(shape, Duration.ofMinutes(1));
        session.onStart(context);
        serve(2);
        session.handle(context.linkDown(), context);
        assertThat(context.toSender().getLast()).isInstanceOf(WorkerMessage.Cancel.class);

        context.answering(this::senderFor);
        awaitNextAttempt(2);
        int asked = context.sent.size();
        serve(Integer.MAX_VALUE);

        assertLandedWhole(shape);
        if (shape == Shape.ONE_FILE) {
            assertThat(context.last(journals.getFirst().id()).reusedBytes()).as("the two chunks of the first attempt")
                    .isEqualTo(2L * FileManifest.DEFAULT_CHUNK_SIZE);
            assertThat(context.sent.subList(asked, context.sent.size()).stream().filter(sent -> sent.target().equals(SENDER))
                    .map(sent -> new String(sent.body())).filter(body -> body.contains("Need")).findFirst().orElseThrow())
                    .as("the resumed attempt asks from the third chunk on").contains("[[2,4]]");
        } else {
            assertThat(((TransferRequest.DownloadBatch) context.requests.getLast()).names()).as("the files still missing")
                    .containsExactly("notes/c.txt");
        }
    }

    @Test
    void aSenderWhoseManifestSaysItSendsOtherChunksAheadThanAskedFailsTheDownloadAsAProtocolError() throws Exception {
        start(Shape.ONE_FILE, Duration.ofMinutes(1));
        session.onStart(context);
        FirstChunks asked = ((TransferRequest.Download) context.requests.getFirst()).first();
        assertThat(asked).as("a download afresh asks for its first chunks with the request").isEqualTo(new FirstChunks(2, 0));
        FileManifest manifest = ((WorkerMessage.Manifest) outgoing.announce()).manifest();

        session.handle(context.from(SENDER, new WorkerMessage.Manifest(manifest, List.of(new ChunkRange(1, 4)), 0).encode(), null), context);

        TransferStatus status = context.last(journals.getFirst().id());
        assertThat(status.state()).isEqualTo(TransferStatus.FAILED);
        assertThat(status.error()).isEqualTo(PEER + " sent chunks ahead that were not asked for: 1-3");
        assertThat(Drive.partialPathOf(drive.resolve(Shape.ONE_FILE.names.getFirst()))).doesNotExist();
        assertThat(store.readAll().transfers()).isEmpty();
        assertThat(context.toSender().getLast()).isInstanceOf(WorkerMessage.Cancel.class);
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void aSilentLinkIsDroppedRetriedAndGivenUpAtTheDeadlineAsAStall(Shape shape) throws Exception {
        start(shape, Duration.ZERO);
        session.onStart(context);
        session.onIdle(context);
        assertThat(context.droppedLinks).hasSize(1);

        context.answering(this::senderFor);
        awaitNextAttempt(2);
        session.onIdle(context);

        assertThat(context.exited).isTrue();
        for (Journal journal : journals) {
            TransferStatus status = context.last(journal.id());
            assertThat(status.state()).isEqualTo(TransferStatus.FAILED);
            assertThat(status.error()).startsWith("gave up after 2 attempts").contains(PEER + " sent nothing for");
        }
        assertThat(store.readAll().transfers()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void aMissingFileFailsWithTheSameWordsInBothShapes(Shape shape) throws Exception {
        start(shape, Duration.ofMinutes(1));
        String missing = shape.names.getFirst();
        Files.delete(shared.resolve(missing));
        String refusal = "no file named '" + missing + "' in the public drive";
        if (shape == Shape.ONE_FILE) {
            context.answers.clear();
            context.answering(request -> new ErrorReply(ErrorReply.NOT_FOUND, refusal).encode());
        }
        session.onStart(context);
        serve(Integer.MAX_VALUE);

        TransferStatus status = context.last(journals.getFirst().id());
        assertThat(status.state()).isEqualTo(TransferStatus.FAILED);
        assertThat(status.error()).isEqualTo(PEER + " refused: " + refusal);
        assertThat(context.exited).isTrue();
        assertThat(store.readAll().transfers()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void aSourceThatChangedOnTheWayIsFetchedAgainAndLandsAsItIsNow(Shape shape) throws Exception {
        start(shape, Duration.ofMinutes(1));
        session.onStart(context);
        serve(1);
        share(shape, 2);
        context.answering(this::senderFor);
        if (shape == Shape.ONE_FILE) {
            session.handle(context.from(SENDER, new WorkerMessage.Cancel("source changed: video.mkv was modified").encode(), null), context);
        } else {
            session.handle(context.from(SENDER, new WorkerMessage.Unavailable(1, WorkerMessage.Unavailable.Why.CHANGED,
                    "source changed: notes/b.txt was modified while it was read").encode(), null), context);
        }
        serve(Integer.MAX_VALUE);

        if (shape == Shape.ONE_FILE) {
            assertThat(context.requests).as("asked again at once").hasSize(2);
            assertThat(context.last(journals.getFirst().id()).note()).startsWith("source changed");
            assertLandedWhole(shape);
        } else {
            assertThat(sha256(drive.resolve("notes/b.txt"))).isEqualTo(sha256(shared.resolve("notes/b.txt")));
            assertThat(context.last(journals.get(1).id()).state()).isEqualTo(TransferStatus.DONE);
        }
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void aPausedDownloadKeepsItsJournalAndResumesInANewSessionAsAfterARestart(Shape shape) throws Exception {
        start(shape, Duration.ofMinutes(1));
        session.onStart(context);
        serve(2);
        for (Journal journal : journals) {
            session.handle(context.from(OWNER, new TransferRequest.PauseTransfer(journal.id()).encode(), null), context);
        }
        assertThat(context.exited).isTrue();
        List<Journal> kept = store.readAll().transfers();
        List<Journal> paused = kept.stream().filter(Journal::paused).toList();
        assertThat(paused).as("every file not landed is kept, paused").isNotEmpty();
        for (Journal journal : paused) {
            assertThat(context.last(journal.id()).state()).isEqualTo(TransferStatus.PAUSED);
        }

        begin(shape, paused.stream().map(journal -> journal.withPaused(false)).toList(), Duration.ofMinutes(1));
        session.onStart(context);
        serve(Integer.MAX_VALUE);

        for (Journal journal : paused) {
            assertThat(context.last(journal.id()).state()).isEqualTo(TransferStatus.DONE);
            assertThat(sha256(Path.of(journal.target()))).isEqualTo(sha256(shared.resolve(journal.name())));
        }
        if (shape == Shape.ONE_FILE) {
            assertThat(context.last(journals.getFirst().id()).reusedBytes()).isEqualTo(2L * FileManifest.DEFAULT_CHUNK_SIZE);
        }
        assertThat(store.readAll().transfers()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void aCancelledDownloadLeavesNeitherPartialFileNorJournal(Shape shape) throws Exception {
        start(shape, Duration.ofMinutes(1));
        session.onStart(context);
        serve(1);
        for (Journal journal : journals) {
            session.handle(context.from(OWNER, new TransferRequest.CancelTransfer(journal.id()).encode(), null), context);
        }

        assertThat(context.exited).isTrue();
        assertThat(store.readAll().transfers()).isEmpty();
        for (Journal journal : journals) {
            assertThat(Drive.partialPathOf(Path.of(journal.target()))).doesNotExist();
            assertThat(context.reports.stream().filter(status -> status.id().equals(journal.id())).map(TransferStatus::state))
                    .containsAnyOf(TransferStatus.CANCELLED, TransferStatus.DONE);
        }
        assertThat(context.toSender().getLast()).isInstanceOf(WorkerMessage.Cancel.class);
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void whateverBreaksWhileTheNodeStopsIsNoFailureAndEveryJournalStays(Shape shape) throws Exception {
        start(shape, Duration.ofMinutes(1));
        session.onStart(context);
        serve(1);
        List<String> landed = context.reports.stream().filter(status -> status.state().equals(TransferStatus.DONE)).map(TransferStatus::id).toList();
        context.stopping = true;
        if (shape == Shape.SMALL_FILES) {
            // A file the interrupted sender could not read is no verdict either while the node stops.
            session.handle(context.from(SENDER, new WorkerMessage.Unavailable(1, WorkerMessage.Unavailable.Why.UNREADABLE,
                    "cannot read notes/b.txt: ClosedByInterruptException").encode(), null), context);
        }
        session.handle(context.from(SENDER, "{\"Chunk\":{\"name\":\"junk\",\"offset\":1,\"length\":2}}".getBytes(), null), context);
        session.onExit();

        assertThat(context.exited).isTrue();
        assertThat(context.reports).noneMatch(status -> status.state().equals(TransferStatus.FAILED));
        assertThat(store.readAll().transfers().stream().map(Journal::id)).containsExactlyInAnyOrderElementsOf(
                journals.stream().map(Journal::id).filter(id -> !landed.contains(id)).toList());
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void aTamperedPieceIsAskedForAgainAndFailsAfterThreeTries(Shape shape) throws Exception {
        start(shape, Duration.ofMinutes(1));
        session.onStart(context);
        if (outgoing.announce() != null) {
            session.handle(context.from(SENDER, outgoing.announce().encode(), null), context);
        }
        for (int attempt = 0; attempt < ReceivePlan.MAX_MISMATCHES; attempt++) {
            Outgoing.Piece piece = outgoing.read(0);
            byte[] blob = new byte[piece.blob().readableBytes()];
            piece.blob().readBytes(blob);
            piece.blob().release();
            blob[blob.length / 2] ^= 1;
            session.handle(context.from(SENDER, piece.message().encode(), blob), context);
        }

        TransferStatus status = context.last(journals.getFirst().id());
        assertThat(status.state()).isEqualTo(TransferStatus.FAILED);
        assertThat(status.error()).contains("failed verification 3 times");
        assertThat(Drive.partialPathOf(drive.resolve(shape.names.getFirst()))).doesNotExist();
        // A file in chunks has its first chunk sent behind the manifest unasked; a batch's first file is asked for.
        int askedFirst = outgoing.announce() instanceof WorkerMessage.Manifest manifest && manifest.ahead().getFirst().from() == 0 ? 0 : 1;
        assertThat(context.toSender().stream().filter(said -> said instanceof WorkerMessage.Need need
                && need.chunks().stream().anyMatch(range -> range.from() == 0))).as("asked first, then again twice").hasSize(askedFirst + 2);
    }
}
