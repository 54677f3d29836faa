package dev.nectar.ft.transfer;

import dev.nectar.ft.home.Limits;
import dev.nectar.ft.identity.NodeId;
import dev.nectar.ft.net.RateLimits;
import dev.nectar.ft.process.OnExit;
import dev.nectar.ft.process.Process;
import dev.nectar.ft.process.ProcessContext;
import dev.nectar.ft.storage.EmptyFolders;
import dev.nectar.ft.storage.ManifestCache;
import dev.nectar.ft.storage.PartialFile;
import dev.nectar.ft.vfs.Drive;
import dev.nectar.ft.vfs.FileProblem;
import dev.nectar.ft.vfs.PathRefusedException;
import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.Envelope;
import dev.nectar.ft.wire.ErrorReply;
import dev.nectar.ft.wire.FileInfo;
import dev.nectar.ft.wire.MalformedMessageException;
import dev.nectar.ft.wire.TransferRequest;
import dev.nectar.ft.wire.TransferResponse;
import dev.nectar.ft.wire.TransferStatus;
import dev.nectar.ft.wire.WireFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main process {@code file_transfer}: answers what the public drive holds, starts transfers with one worker
 * per transfer on each side, resumes unfinished downloads from their journals when the node starts, and carries
 * out the owner's cancel, pause, resume and retry. It never waits on the network itself, so it answers within
 * milliseconds however many transfers run.
 */
public final class FileTransferProcess implements Process {
    private static final Logger LOG = LoggerFactory.getLogger(FileTransferProcess.class);

    /** What the main process works with; shared by its instances across restarts. */
    public record Setup(Drive drive, ManifestCache manifests, HeldContent held, TransferRegistry registry, DownloadQueue queue,
                        ReceiveWindow receiveWindow, JournalStore journals, FolderDownloads folders, AccessControl access,
                        SenderSlots senders, RateLimits<String> requests, Duration stallTimeout, Duration retryDeadline) {}

    private static final int LISTINGS_AT_ONCE = 4;
    private static final int LISTINGS_WAITING = 64;

    private final Setup setup;
    private final ListingCache listing;
    private final Semaphore listingsAnswering = new Semaphore(LISTINGS_AT_ONCE);
    private final Semaphore listingsAdmitted = new Semaphore(LISTINGS_AT_ONCE + LISTINGS_WAITING);
    /** Receiving workers this node offers a swarm's chunks to: one sending worker each. */
    private final Set<Address> offeringTo = ConcurrentHashMap.newKeySet();

    public FileTransferProcess(Setup setup) {
        this.setup = setup;
        this.listing = new ListingCache(setup.drive(), Limits.DEFAULT.maxBodyBytes(), setup.held()::driveChanged);
    }

    @Override
    public void onStart(ProcessContext context) {
        if (!setup.queue().claimJournals()) {
            return;
        }
        try {
            resumeJournals(context);
        } finally {
            setup.queue().journalsRead();
        }
    }

    /** Resumes the downloads and folder downloads that the journals say were not finished when the node stopped. */
    private void resumeJournals(ProcessContext context) {
        JournalStore.Contents journals = setup.journals().readAll();
        List<Journal> files = new ArrayList<>();
        Map<String, List<Journal>> byFolder = new HashMap<>();
        for (Journal journal : journals.transfers()) {
            if (journal.partOf() == null) {
                files.add(journal);
            } else {
                byFolder.computeIfAbsent(journal.partOf().folder(), folder -> new ArrayList<>()).add(journal);
            }
        }
        for (FolderJournal journal : journals.folders()) {
            List<Journal> its = byFolder.getOrDefault(journal.id(), List.of());
            byFolder.remove(journal.id());
            FolderDownload folder = FolderDownload.resumed(journal, its, setup.journals(), setup.registry(), destinationOf(journal));
            for (Journal file : its) {
                if (folder.isQueued(file.id())) {
                    setup.folders().queued(file, folder);
                    files.add(file);
                }
            }
            if (!folder.isOver()) {
                LOG.info("resuming the download of the folder {} from {}", journal.folder(), journal.peer());
                setup.folders().add(folder);
                if (!journal.listed()) {
                    startFeeding(folder, context);
                }
            }
        }
        // Files of a folder download that ended go on as downloads of their own.
        byFolder.values().forEach(files::addAll);
        for (Journal journal : files) {
            if (journal.paused()) {
                setup.registry().update(statusOf(journal, TransferStatus.PAUSED, null));
            } else {
                LOG.info("resuming the download of {} from {}", journal.name(), journal.peer());
                enqueue(journal, TransferStatus.RESUMING, context);
            }
        }
    }

    @Override
    public void handle(WireFrame.Message message, ProcessContext context) throws Exception {
        if (message.envelope().kind() == Envelope.Kind.RESPONSE) {
            LOG.debug("unexpected response from {}", message.envelope().source());
            return;
        }
        TransferRequest request;
        try {
            request = TransferRequest.decode(message.body());
        } catch (MalformedMessageException e) {
            LOG.info("bad request from {}: {}", message.envelope().source(), e.getMessage());
            context.respond(message, new ErrorReply(ErrorReply.BAD_REQUEST, e.getMessage()).encode());
            return;
        }
        Address source = message.envelope().source();
        boolean local = source.node().equals(context.address().node());
        Optional<String> refusal = local ? Optional.empty() : setup.access().refusal(new NodeId(source.node()));
        if (!local && !setup.requests().tryTake(source.node())) {
            LOG.info("refused a request from {}: over its request rate", source.node());
            context.respond(message, new ErrorReply(ErrorReply.BUSY, "too many requests; slow down").encode());
            return;
        }
        TransferResponse response = switch (request) {
            case TransferRequest.ListFiles listFiles when refusal.isPresent() -> refuse(source, "ListFiles", refusal.get());
            case TransferRequest.Download download when refusal.isPresent() -> refuse(source, "Download " + download.name(), refusal.get());
            case TransferRequest.DownloadBatch batch when refusal.isPresent() ->
                    refuse(source, "a batch of " + batch.names().size() + " files", refusal.get());
            case TransferRequest.SeekChunks seek when refusal.isPresent() || local -> null;
            case TransferRequest.SeekChunks seek -> {
                offerChunks(seek, source, context);
                yield null;
            }
            case TransferRequest.ListFiles listFiles -> {
                answerListing(listFiles, message, context);
                yield null;
            }
            case TransferRequest.Download download when local -> startReceiving(download, context);
            case TransferRequest.Download download -> startSending(download, message.envelope().source(), context);
            case TransferRequest.DownloadMany many when local -> startReceivingMany(many, context);
            case TransferRequest.DownloadFolder folder when local -> startFolder(folder, context);
            case TransferRequest.DownloadBatch batch when !local -> startSendingBatch(batch, message.envelope().source(), context);
            case TransferRequest.Progress progress -> {
                onProgress(progress, local, message.envelope().source(), context);
                yield null;
            }
            case TransferRequest.Settled settled when local -> {
                settled.statuses().forEach(this::onStatus);
                startQueued(context);
                yield null;
            }
            case TransferRequest.CancelTransfer cancel when local -> cancel(cancel.id(), context);
            case TransferRequest.PauseTransfer pause when local -> pause(pause.id(), context);
            case TransferRequest.ResumeTransfer resume when local -> resume(resume.id(), context);
            case TransferRequest.RetryTransfer retry when local -> retry(retry.id(), context);
            default -> new ErrorReply(ErrorReply.FORBIDDEN, "only this node's owner may control its transfers");
        };
        if (response != null) {
            context.respond(message, response.encode());
        }
    }

    /**
     * Answers a listing on a thread of its own: walking a drive of a million files takes seconds, and this process
     * meanwhile starts and steers every transfer. At most {@link #LISTINGS_AT_ONCE} are answered at once (a page is
     * about 1 MiB) and {@link #LISTINGS_WAITING} more wait their turn; past that a peer is told to ask again.
     */
    private void answerListing(TransferRequest.ListFiles request, WireFrame.Message message, ProcessContext context) {
        if (!listingsAdmitted.tryAcquire()) {
            context.respond(message, new ErrorReply(ErrorReply.BUSY, "listing the drive for many peers; ask again in a moment").encode());
            return;
        }
        Thread.ofVirtual().name("listing-answer").start(() -> {
            try {
                listingsAnswering.acquire();
                try {
                    context.respond(message, listing.answer(request));
                } finally {
                    listingsAnswering.release();
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot list the public drive: {}", e.getMessage());
                context.respond(message, new ErrorReply(ErrorReply.INTERNAL, "cannot list the drive: " + e.getMessage()).encode());
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
            } finally {
                listingsAdmitted.release();
            }
        });
    }

    private static TransferResponse refuse(Address source, String what, String reason) {
        LOG.info("refused {} from {}: {}", what, source.node(), reason);
        return new ErrorReply(ErrorReply.FORBIDDEN, reason);
    }

    private void onProgress(TransferRequest.Progress progress, boolean local, Address source, ProcessContext context) {
        if (!local || progress.status() == null) {
            LOG.info("{} from {}: {}%", progress.name(), source, progress.progress());
            return;
        }
        if (onStatus(progress.status())) {
            startQueued(context);
        }
    }

    /** Records a worker's status; true if that transfer ended, freeing its place. */
    private boolean onStatus(TransferStatus status) {
        setup.registry().update(status);
        setup.folders().report(status);
        if (status.isFinished()) {
            setup.queue().finished(status.id());
            return true;
        }
        return false;
    }

    /** The owner asks for a file: journal it, queue it, and start it when a slot is free. */
    private TransferResponse startReceiving(TransferRequest.Download download, ProcessContext context) {
        var many = new TransferRequest.DownloadMany(List.of(new FileInfo(download.name(), -1)), download.target(),
                download.to(), download.overwrite());
        return switch (startReceivingMany(many, context)) {
            case TransferResponse.Downloads started -> new TransferResponse.Download(download.name(), started.workers().getFirst());
            case TransferResponse other -> other;
        };
    }

    /**
     * The owner asks for many files at once (a folder): all are checked first, so either all start or none
     * does, then journaled with one group commit and queued (or, for a check, only checked). A negative size
     * means unknown.
     */
    private TransferResponse startReceivingMany(TransferRequest.DownloadMany many, ProcessContext context) {
        Optional<FolderDownload> feeding = Optional.ofNullable(many.feeds()).flatMap(setup.folders()::get);
        if (many.feeds() != null && (feeding.isEmpty() || feeding.get().isOver())) {
            return new ErrorReply(ErrorReply.NOT_FOUND, "no running folder download " + many.feeds());
        }
        Optional<NodeId> peer = context.kernel().nodeIdOf(many.target().node());
        Optional<ErrorReply> notAPeer = notAPeer(many.target(), peer, context);
        if (notAPeer.isPresent()) {
            return notAPeer.get();
        }
        if (many.files().isEmpty() && many.emptyFolders().isEmpty()) {
            return new ErrorReply(ErrorReply.BAD_REQUEST, "name at least one file or folder to download");
        }
        if (Math.max(many.files().size(), many.checkFor()) > setup.queue().room()) {
            return new ErrorReply(ErrorReply.BUSY, "too many downloads are waiting; try again when some have finished");
        }
        Drive destination;
        try {
            destination = many.to() == null ? setup.drive() : Drive.open(Path.of(many.to()));
        } catch (InvalidPathException e) {
            return new ErrorReply(ErrorReply.BAD_REQUEST, "cannot use " + many.to() + " as the destination: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            return new ErrorReply(ErrorReply.BAD_REQUEST, "cannot use " + many.to() + " as the destination: " + FileProblem.describe(e, Path.of(many.to())));
        }
        List<Journal> journals = new ArrayList<>(many.files().size());
        Set<Path> targets = new HashSet<>();
        Drive.Resolver names = destination.resolver();
        Journal.Part part = feeding.map(FolderDownload::nextPart).orElse(null);
        String peerName = feeding.map(folder -> folder.journal().peer()).orElse(many.target().node());
        long onTheirWay = 0;
        long onTheirWayBytes = 0;
        long refused = 0;
        long refusedBytes = 0;
        for (FileInfo file : many.files()) {
            Path target;
            try {
                target = names.resolve(file.name());
            } catch (PathRefusedException e) {
                if (feeding.isEmpty()) {
                    return new ErrorReply(ErrorReply.BAD_REQUEST, e.getMessage());
                }
                // One file of a large folder that cannot land here fails alone, not the folder's other files.
                LOG.info("not downloading {} from {}: {}", file.name(), peerName, e.getMessage());
                refused++;
                refusedBytes += Math.max(0, file.size());
                continue;
            }
            if (target.equals(destination.root())) {
                return new ErrorReply(ErrorReply.BAD_REQUEST, "name a file to download");
            }
            var active = setup.registry().activeTo(target.toString());
            if (active.isPresent() && feeding.isPresent()) {
                // A folder download takes what is already on its way to the same place as its own.
                onTheirWay++;
                onTheirWayBytes += Math.max(0, file.size());
                continue;
            }
            if (active.isPresent()) {
                return new ErrorReply(ErrorReply.BUSY, "transfer " + active.get().id() + " is already downloading to " + target);
            }
            if (!targets.add(target)) {
                return new ErrorReply(ErrorReply.BAD_REQUEST, "'" + file.name() + "' is asked for twice");
            }
            if (!many.onlyCheck()) {
                journals.add(Journal.start(context.kernel().newWorkerName(), peerName, peer.get().value(),
                        file.name(), target.toString(), many.overwrite(), file.size() < 0 ? null : file.size(), part));
            }
        }
        List<Path> folders = new ArrayList<>();
        for (String name : many.emptyFolders()) {
            String refusal;
            try {
                Path folder = names.resolve(name);
                Optional<String> blocked = EmptyFolders.inTheWay(folder);
                if (blocked.isEmpty()) {
                    folders.add(folder);
                    continue;
                }
                refusal = blocked.get();
            } catch (PathRefusedException e) {
                refusal = e.getMessage();
            }
            if (feeding.isEmpty()) {
                return new ErrorReply(ErrorReply.BAD_REQUEST, refusal);
            }
            LOG.info("not making the empty folder {} from {}: {}", name, peerName, refusal);
            refused++;
        }
        if (many.onlyCheck()) {
            return new TransferResponse.Downloads(List.of());
        }
        try {
            EmptyFolders.make(folders);
        } catch (IOException e) {
            return new ErrorReply(ErrorReply.INTERNAL, "cannot make the empty folders: " + e.getMessage());
        }
        try {
            setup.journals().createAll(journals);
            if (feeding.isPresent()) {
                feeding.get().fed(new FolderDownload.Chunk(journals, onTheirWay, onTheirWayBytes, refused, refusedBytes, many.last()));
            }
        } catch (IOException e) {
            return new ErrorReply(ErrorReply.INTERNAL, "cannot record the download: " + e.getMessage());
        }
        for (Journal journal : journals) {
            feeding.ifPresent(folder -> setup.folders().queued(journal, folder));
            setup.queue().offer(journal);
            setup.registry().update(statusOf(journal, TransferStatus.QUEUED, null));
        }
        startQueued(context);
        return new TransferResponse.Downloads(journals.stream().map(journal -> new Address(Address.OUR, journal.id())).toList());
    }

    /**
     * The owner asks for a folder as one transfer: its journal is written, and a {@link FolderFeeder} named as the
     * transfer reads the peer's listing and queues the files as room frees.
     */
    private TransferResponse startFolder(TransferRequest.DownloadFolder request, ProcessContext context) {
        Optional<NodeId> peer = context.kernel().nodeIdOf(request.target().node());
        Optional<ErrorReply> notAPeer = notAPeer(request.target(), peer, context);
        if (notAPeer.isPresent()) {
            return notAPeer.get();
        }
        String name = request.folder().endsWith("/") ? request.folder().substring(0, request.folder().length() - 1) : request.folder();
        FolderJournal journal = FolderJournal.start(context.kernel().newWorkerName(), request.target().node(), peer.get().value(), name,
                request.to(), request.overwrite());
        String path;
        try {
            path = destinationOf(journal);
            Drive destination = request.to() == null ? setup.drive() : Drive.open(Path.of(request.to()));
            if (!name.isEmpty()) {
                destination.resolver().resolve(name);
            }
        } catch (IOException | RuntimeException e) {
            return new ErrorReply(ErrorReply.BAD_REQUEST, "cannot download '" + request.folder() + "' to " + request.to() + ": " + e.getMessage());
        } catch (PathRefusedException e) {
            return new ErrorReply(ErrorReply.BAD_REQUEST, e.getMessage());
        }
        var active = setup.registry().activeTo(path);
        if (active.isPresent()) {
            return new ErrorReply(ErrorReply.BUSY, "transfer " + active.get().id() + " is already downloading to " + path);
        }
        return beginFolder(journal, path, context);
    }

    /** Writes a folder download's first journal and starts its feeder; the transfer, or why it could not start. */
    private TransferResponse beginFolder(FolderJournal journal, String path, ProcessContext context) {
        FolderDownload folder;
        try {
            folder = FolderDownload.start(journal, setup.journals(), setup.registry(), path);
        } catch (IOException e) {
            return new ErrorReply(ErrorReply.INTERNAL, "cannot record the download: " + e.getMessage());
        }
        setup.folders().add(folder);
        startFeeding(folder, context);
        return new TransferResponse.Download(journal.folder() + "/", new Address(Address.OUR, journal.id()));
    }

    /** Why {@code target} cannot be downloaded from, if it cannot: a node unknown here, or this node itself. */
    private static Optional<ErrorReply> notAPeer(Address target, Optional<NodeId> peer, ProcessContext context) {
        if (peer.isEmpty()) {
            return Optional.of(new ErrorReply(ErrorReply.NOT_FOUND, "unknown peer '" + target.node() + "': add it with `ft peer add TICKET`"));
        }
        if (peer.get().equals(context.kernel().nodeId())) {
            return Optional.of(new ErrorReply(ErrorReply.BAD_REQUEST, "a node does not download from itself"));
        }
        return Optional.empty();
    }

    private void startFeeding(FolderDownload folder, ProcessContext context) {
        context.kernel().spawn(folder.id(), () -> new FolderFeeder(folder, setup.retryDeadline()), OnExit.NONE);
    }

    /** Where a folder download's files land: the folder of that name under its destination. */
    private String destinationOf(FolderJournal journal) {
        Path root = journal.to() == null ? setup.drive().root() : Path.of(journal.to()).toAbsolutePath().normalize();
        return (journal.folder().isEmpty() ? root : root.resolve(journal.folder())).toString();
    }

    private boolean enqueue(Journal journal, String state, ProcessContext context) {
        if (!setup.queue().offer(journal)) {
            return false;
        }
        setup.registry().update(statusOf(journal, state, null));
        startQueued(context);
        return true;
    }

    private void startQueued(ProcessContext context) {
        Address main = context.address();
        for (var next = setup.queue().next(context.kernel()::newWorkerName); next.isPresent();
             next = setup.queue().next(context.kernel()::newWorkerName)) {
            DownloadQueue.Departure departure = next.get();
            Journal first = departure.journals().getFirst();
            context.kernel().spawn(departure.worker(), () -> new ReceivingSession(departure.isBatch()
                    ? new SmallFilesPlan(departure.journals(), setup.journals(), setup.receiveWindow())
                    : new OneFilePlan(first, setup.journals(), setup.receiveWindow(), setup.held()),
                    first.peer(), first.peerNodeId(), setup.journals(), setup.receiveWindow(), main, setup.stallTimeout(),
                    setup.retryDeadline()), OnExit.NONE);
        }
    }

    private TransferResponse cancel(String id, ProcessContext context) {
        Optional<FolderDownload> folder = setup.folders().get(id);
        if (folder.isPresent()) {
            setup.folders().remove(folder.get());
            cancelFiles(folder.get().cancel(), context);
            return acknowledged(folder.get().status());
        }
        Optional<TransferStatus> status = setup.registry().get(id);
        if (status.isEmpty() || status.get().isFinished() && !status.get().state().equals(TransferStatus.PAUSED)) {
            return new ErrorReply(ErrorReply.NOT_FOUND, "no running, queued or paused transfer " + id);
        }
        if (status.get().isUpload()) {
            context.send(new Address(Address.OUR, id), new TransferRequest.CancelTransfer(id).encode(), null);
            return acknowledged(status.get());
        }
        Optional<String> worker = setup.queue().workerOf(id);
        if (worker.isPresent()) {
            context.send(new Address(Address.OUR, worker.get()), new TransferRequest.CancelTransfer(id).encode(), null);
        } else {
            setup.queue().withdraw(id);
            forgetCancelled(List.of(id));
        }
        return acknowledged(status.get());
    }

    /**
     * Cancels the files of a cancelled folder download: running ones through their workers, queued ones taken out
     * of the queue together and forgotten with paused ones, with one durable rewrite of each journal group instead of
     * one per file.
     */
    private void cancelFiles(List<String> files, ProcessContext context) {
        Set<String> idle = new HashSet<>();
        for (String file : files) {
            if (setup.queue().workerOf(file).isPresent()) {
                cancel(file, context);
            } else {
                idle.add(file);
            }
        }
        setup.queue().withdrawAll(idle);
        forgetCancelled(List.copyOf(idle));
    }

    /** Forgets downloads cancelled while no worker carried them: journals (one durable rewrite each group), partial files, and says so. */
    private void forgetCancelled(List<String> ids) {
        setup.journals().deleteDurably(ids);
        for (String id : ids) {
            setup.registry().get(id).ifPresent(status -> {
                PartialFile.discard(Drive.partialPathOf(Path.of(status.path())));
                onStatus(status.withState(TransferStatus.CANCELLED, "cancelled by the owner"));
            });
        }
    }

    private TransferResponse pause(String id, ProcessContext context) {
        if (setup.folders().get(id).isPresent()) {
            return new ErrorReply(ErrorReply.BAD_REQUEST, "a folder download is not paused as a whole: pause its files, or cancel it");
        }
        Optional<TransferStatus> status = setup.registry().get(id);
        if (status.isEmpty() || status.get().isFinished() || status.get().isUpload()) {
            return new ErrorReply(ErrorReply.NOT_FOUND, "no running or queued download " + id + (status.isPresent() && status.get().isUpload()
                    ? ": it is an upload, which only its receiver pauses" : ""));
        }
        Optional<String> worker = setup.queue().workerOf(id);
        if (worker.isPresent()) {
            context.send(new Address(Address.OUR, worker.get()), new TransferRequest.PauseTransfer(id).encode(), null);
        } else if (setup.queue().withdraw(id)) {
            setup.journals().find(id).ifPresent(journal -> {
                try {
                    setup.journals().save(journal.withPaused(true));
                } catch (IOException e) {
                    LOG.warn("cannot record the pause of {}: {}", id, e.getMessage());
                }
            });
            setup.registry().update(status.get().withState(TransferStatus.PAUSED, null));
        }
        return acknowledged(status.get());
    }

    private TransferResponse resume(String id, ProcessContext context) {
        Optional<Journal> journal = setup.journals().find(id);
        if (journal.isEmpty() || !journal.get().paused()) {
            return new ErrorReply(ErrorReply.NOT_FOUND, "no paused transfer " + id);
        }
        if (context.kernel().isRunning(id)) {
            return new ErrorReply(ErrorReply.BUSY, "transfer " + id + " is still stopping; try again in a moment");
        }
        Journal resumed = journal.get().withPaused(false);
        try {
            setup.journals().save(resumed);
        } catch (IOException e) {
            return new ErrorReply(ErrorReply.INTERNAL, "cannot record the resume: " + e.getMessage());
        }
        enqueue(resumed, TransferStatus.RESUMING, context);
        return new TransferResponse.Download(resumed.name(), new Address(Address.OUR, id));
    }

    /**
     * Tries a failed or cancelled download again from nothing, under the same id. A folder download starts again from
     * its first file: the files that landed are found in place (by their hash) and not moved again.
     */
    private TransferResponse retry(String id, ProcessContext context) {
        Optional<TransferStatus> status = setup.registry().get(id);
        Optional<FolderJournal> folder = setup.folders().beginningOf(id);
        Optional<Journal> beginning = setup.queue().beginningOf(id);
        if (status.isEmpty() || (folder.isEmpty() && beginning.isEmpty())
                || !(status.get().state().equals(TransferStatus.FAILED) || status.get().state().equals(TransferStatus.CANCELLED))) {
            return new ErrorReply(ErrorReply.NOT_FOUND, "no failed or cancelled transfer " + id + " to try again");
        }
        if (context.kernel().isRunning(id)) {
            return new ErrorReply(ErrorReply.BUSY, "transfer " + id + " is still stopping; try again in a moment");
        }
        if (folder.isPresent()) {
            return beginFolder(folder.get(), destinationOf(folder.get()), context);
        }
        try {
            setup.journals().save(beginning.get());
        } catch (IOException e) {
            return new ErrorReply(ErrorReply.INTERNAL, "cannot record the download: " + e.getMessage());
        }
        enqueue(beginning.get(), TransferStatus.QUEUED, context);
        return new TransferResponse.Download(beginning.get().name(), new Address(Address.OUR, id));
    }

    private static TransferResponse acknowledged(TransferStatus status) {
        return new TransferResponse.Download(status.name(), new Address(Address.OUR, status.id()));
    }

    private static TransferStatus statusOf(Journal journal, String state, String error) {
        return new TransferStatus(journal.id(), journal.peer(), journal.name(), state, journal.verifiedBytes(), journal.total(), 0, -1,
                journal.target(),
                error, null, journal.attempts(), journal.wireBytes(), journal.reusedBytes()).withTimes(journal.startedAt(), 0);
    }

    /** Another node asks for a file: check the name, spawn a sending worker aimed at the asker's receiving worker. */
    private TransferResponse startSending(TransferRequest.Download download, Address asker, ProcessContext context) {
        Path file;
        try {
            file = setup.drive().resolve(download.name());
        } catch (PathRefusedException e) {
            return new ErrorReply(ErrorReply.BAD_REQUEST, e.getMessage());
        }
        if (!Files.isRegularFile(file) || Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            return new ErrorReply(ErrorReply.NOT_FOUND, "no file named '" + download.name() + "' in the public drive");
        }
        if (!setup.senders().acquire(asker.node())) {
            return new ErrorReply(ErrorReply.BUSY, "too many transfers at once (" + setup.senders().describe() + "); try again shortly");
        }
        // The receiving worker lives on the node that asked, whatever node name the body carries.
        Address receiver = new Address(asker.node(), download.target().process());
        String name = download.name();
        Runnable release = () -> setup.senders().release(asker.node());
        Address worker = context.kernel().spawn(null, () -> new SendingWorker(new OutgoingFile(name, file, setup.manifests(), download.first()), receiver,
                context.address(), upload(asker, context), release), OnExit.NONE);
        LOG.info("sending {} to {}", name, receiver);
        return new TransferResponse.Download(name, worker.withNode(Address.OUR));
    }

    /**
     * A peer downloading the file {@code seek.fileHash()} asks who holds it: if this node does, whole or while it
     * downloads it too, a sending worker offers the chunks it has. Silent otherwise, and when the asker already has
     * a worker here or this node has no slot free: the asker asks again later.
     */
    private void offerChunks(TransferRequest.SeekChunks seek, Address asker, ProcessContext context) {
        Optional<HeldContent.Offer> offer = setup.held().find(seek.fileHash());
        if (offer.isPresent() && offer.get() instanceof HeldContent.Partial(SharedPartial partial)) {
            partial.sought(asker.node());
        }
        Address receiver = new Address(asker.node(), seek.target().process());
        if (offer.isEmpty() || !offeringTo.add(receiver)) {
            return;
        }
        if (!setup.senders().acquire(asker.node())) {
            offeringTo.remove(receiver);
            return;
        }
        Runnable release = () -> {
            setup.senders().release(asker.node());
            offeringTo.remove(receiver);
        };
        context.kernel().spawn(null, () -> new SendingWorker(new OutgoingHeld(offer.get()), receiver, context.address(),
                upload(asker, context), release), OnExit.NONE);
        LOG.info("offering chunks of {} to {}", seek.fileHash().substring(0, 12), receiver);
    }

    private SendingWorker.Upload upload(Address asker, ProcessContext context) {
        return new SendingWorker.Upload(setup.registry(), context.kernel().nameOf(asker.node()));
    }

    /** Another node asks for a batch of small files: one sending worker, one slot, sends them all whole. */
    private TransferResponse startSendingBatch(TransferRequest.DownloadBatch batch, Address asker, ProcessContext context) {
        if (!setup.senders().acquire(asker.node())) {
            return new ErrorReply(ErrorReply.BUSY, "too many transfers at once (" + setup.senders().describe() + "); try again shortly");
        }
        Address receiver = new Address(asker.node(), batch.target().process());
        Runnable release = () -> setup.senders().release(asker.node());
        Address worker = context.kernel().spawn(null, () -> new SendingWorker(new OutgoingBatch(batch.names(), setup.drive()), receiver,
                context.address(), upload(asker, context), release), OnExit.NONE);
        LOG.info("sending a batch of {} files to {}", batch.names().size(), receiver);
        return new TransferResponse.Download(batch.names().getFirst(), worker.withNode(Address.OUR));
    }
}
