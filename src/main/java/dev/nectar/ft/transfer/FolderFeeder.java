package dev.nectar.ft.transfer;

import dev.nectar.ft.process.Process;
import dev.nectar.ft.process.ProcessContext;
import dev.nectar.ft.process.RequestFailedException;
import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.ErrorReply;
import dev.nectar.ft.wire.FileInfo;
import dev.nectar.ft.wire.FolderInfo;
import dev.nectar.ft.wire.ListEntry;
import dev.nectar.ft.wire.MalformedMessageException;
import dev.nectar.ft.wire.TransferRequest;
import dev.nectar.ft.wire.TransferResponse;
import dev.nectar.ft.wire.WireFrame;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a {@link FolderDownload}: counts the folder in the peer's listing (one level, which gives each subfolder's
 * count), then reads the listing a page at a time and queues its files through this node's main process, a chunk at
 * a time as the folder's window has room. It always goes on from the file after the last one queued, so a restart,
 * a lost link or a drive that changed underneath costs one page, not the folder. Does all of it as it starts, then
 * exits; the folder download ends when its last files do.
 */
final class FolderFeeder implements Process {
    private static final Logger LOG = LoggerFactory.getLogger(FolderFeeder.class);
    /** A page of a drive of a million files is answered after the peer walked it: seconds. */
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration QUEUE_FULL_WAIT = Duration.ofSeconds(1);

    /** Why the folder cannot be read to its end. */
    private static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    private final FolderDownload folder;
    private final Duration retryDeadline;
    private final String prefix;

    FolderFeeder(FolderDownload folder, Duration retryDeadline) {
        this.folder = folder;
        this.retryDeadline = retryDeadline;
        String name = folder.journal().folder();
        this.prefix = name.isEmpty() ? "" : name + "/";
    }

    @Override
    public void onStart(ProcessContext context) throws Exception {
        try {
            if (folder.journal().files() < 0) {
                count(context);
            }
            feed(context);
            folder.listed(null);
        } catch (Unreadable e) {
            LOG.info("the download of {} from {} stops queueing: {}", folder.journal().folder(), folder.journal().peer(), e.getMessage());
            folder.listed(e.getMessage());
        }
        context.exit();
    }

    @Override
    public void handle(WireFrame.Message message, ProcessContext context) {
        LOG.debug("a folder feeder takes no messages; ignored one from {}", message.envelope().source());
    }

    /** Sums the folder's files and bytes from one level of its listing: each subfolder comes as one entry with its counts. */
    private void count(ProcessContext context) throws Unreadable, InterruptedException {
        TransferRequest.ListFiles request = TransferRequest.ListFiles.of(folder.journal().folder(), true).withEmptyFolders();
        long files = 0;
        long bytes = 0;
        long entries = 0;
        TransferResponse.ListPage page = page(ask(context, request));
        while (page != null) {
            for (ListEntry entry : page.entries()) {
                entries++;
                switch (entry) {
                    case FileInfo file -> {
                        files++;
                        bytes += file.size();
                    }
                    case FolderInfo below -> {
                        files += below.files();
                        bytes += below.size();
                    }
                }
            }
            if (page.last()) {
                break;
            }
            TransferResponse next = ask(context, request.continuedAt(page.version(), page.next()));
            if (next instanceof ErrorReply) {
                // The drive changed twice while it was counted: count again, from a fresh version.
                files = 0;
                bytes = 0;
                entries = 0;
                page = page(ask(context, request));
            } else {
                page = following(page, page(next));
            }
        }
        if (entries == 0) {
            throw new Unreadable(folder.journal().peer() + " shares no files or folders under '" + prefix + "'");
        }
        try {
            folder.counted(files, bytes);
        } catch (IOException e) {
            throw new Unreadable("cannot record how many files it holds: " + e.getMessage());
        }
    }

    private void feed(ProcessContext context) throws Unreadable, InterruptedException {
        TransferResponse.ListPage page = page(ask(context, firstPage()));
        while (!folder.isOver()) {
            List<FileInfo> chunk = new ArrayList<>();
            List<String> emptyFolders = new ArrayList<>();
            String last = folder.journal().last();
            for (ListEntry entry : page.entries()) {
                // In the listing's order a folder's name has a '/' after it: that is the name the journal's 'last' keeps.
                String ordered = switch (entry) {
                    case FileInfo file when file.name().startsWith(prefix) -> file.name();
                    case FolderInfo empty when empty.isEmpty() && (empty.name() + "/").startsWith(prefix) -> empty.name() + "/";
                    default -> throw new Unreadable(folder.journal().peer() + " listed '" + entry.name()
                            + "', which is not a file or an empty folder under '" + prefix + "'");
                };
                if (last != null && ordered.compareTo(last) <= 0) {
                    continue;
                }
                if (entry instanceof FileInfo file) {
                    chunk.add(file);
                } else {
                    emptyFolders.add(entry.name());
                }
                if (chunk.size() + emptyFolders.size() == DownloadQueue.BATCH_FILES) {
                    queue(context, chunk, emptyFolders);
                    chunk = new ArrayList<>();
                    emptyFolders = new ArrayList<>();
                }
            }
            if (!chunk.isEmpty() || !emptyFolders.isEmpty()) {
                queue(context, chunk, emptyFolders);
            }
            if (page.last()) {
                return;
            }
            TransferResponse next = ask(context, TransferRequest.ListFiles.of(folder.journal().folder(), false).withEmptyFolders()
                    .continuedAt(page.version(), page.next()));
            // A drive that changed twice since the page before: on from the last file queued, in the latest version.
            page = next instanceof ErrorReply ? page(ask(context, firstPage())) : following(page, page(next));
        }
    }

    private TransferRequest.ListFiles firstPage() {
        String last = folder.journal().last();
        return (last == null ? TransferRequest.ListFiles.of(folder.journal().folder(), false)
                : TransferRequest.ListFiles.after(folder.journal().folder(), last)).withEmptyFolders();
    }

    /** Queues a chunk through the main process once the window has room; a full queue is waited out. */
    private void queue(ProcessContext context, List<FileInfo> chunk, List<String> emptyFolders) throws Unreadable, InterruptedException {
        folder.awaitRoom(chunk.size());
        FolderJournal journal = folder.journal();
        byte[] request = new TransferRequest.DownloadMany(chunk, emptyFolders, new Address(journal.peerNodeId(), Address.MAIN_PROCESS),
                journal.to(), journal.overwrite(), 0, journal.id()).encode();
        while (!folder.isOver()) {
            TransferResponse answer;
            try {
                answer = TransferResponse.decode(context.request(new Address(Address.OUR, Address.MAIN_PROCESS), request, ASK_TIMEOUT)
                        .get().body());
            } catch (ExecutionException | MalformedMessageException e) {
                throw new Unreadable("this node's main process did not take the files: " + e.getMessage());
            }
            if (!(answer instanceof ErrorReply error)) {
                return;
            }
            if (!error.kind().equals(ErrorReply.BUSY)) {
                throw new Unreadable(error.message());
            }
            Thread.sleep(QUEUE_FULL_WAIT.toMillis());
        }
    }

    /**
     * Asks the peer, again and again with backoff while it cannot be reached or is busy, up to the retry deadline;
     * a drive that changed is the caller's to handle, any other refusal ends the folder download.
     */
    private TransferResponse ask(ProcessContext context, TransferRequest.ListFiles request) throws Unreadable, InterruptedException {
        RetryPolicy retries = new RetryPolicy(retryDeadline);
        Address peer = new Address(folder.journal().peerNodeId(), Address.MAIN_PROCESS);
        while (true) {
            String trouble;
            try {
                TransferResponse answer = TransferResponse.decode(context.request(peer, request.encode(), ASK_TIMEOUT).get().body());
                if (!(answer instanceof ErrorReply error) || error.kind().equals(ErrorReply.LISTING_CHANGED)) {
                    return answer;
                }
                if (!error.kind().equals(ErrorReply.BUSY)) {
                    throw new Unreadable(error.message());
                }
                trouble = error.message();
            } catch (MalformedMessageException e) {
                throw new Unreadable("it answered with something that is not a file list: " + e.getMessage());
            } catch (ExecutionException e) {
                trouble = e.getCause() instanceof RequestFailedException failed ? failed.getMessage() : String.valueOf(e.getCause());
            }
            Duration delay = retries.nextDelay();
            if (delay == null || folder.isOver()) {
                throw new Unreadable(trouble);
            }
            Thread.sleep(delay.toMillis());
        }
    }

    private TransferResponse.ListPage page(TransferResponse answer) throws Unreadable {
        if (answer instanceof TransferResponse.ListPage page && (page.last() || !page.entries().isEmpty())) {
            return page;
        }
        throw new Unreadable(folder.journal().peer() + " answered with something that is not a page of its listing");
    }

    /** A page that goes on from {@code before}: pages that lead back or hold nothing would never end. */
    private TransferResponse.ListPage following(TransferResponse.ListPage before, TransferResponse.ListPage after) throws Unreadable {
        if (after.version().equals(before.version()) && (after.last() || after.next() > before.next())) {
            return after;
        }
        throw new Unreadable(folder.journal().peer() + " answered with a page that does not follow the one before");
    }
}
