package dev.nectar.ft.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nectar.ft.vfs.Drive;
import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.ErrorReply;
import dev.nectar.ft.wire.FileInfo;
import dev.nectar.ft.wire.TransferRequest;
import dev.nectar.ft.wire.TransferResponse;
import dev.nectar.ft.wire.TransferStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder feeder against a peer's real listing cache, with small pages, and a main process played by the test: the
 * files it queues, in chunks, and a drive that changes under it while it pages.
 */
class FolderFeeder_ChangingDriveTest {
    private static final String FOLDER = "worker-00000000f01d";
    private static final int FILES = 600;

    @TempDir
    Path peerDrive;
    @TempDir
    Path journals;

    private final List<String> queued = new ArrayList<>();
    private final TransferRegistry registry = new TransferRegistry();
    private int pagesAsked;

    @Test
    void aDriveThatChangesTwiceWhileItIsPagedCostsNoFileAndDoublesNone() throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            names.add(write("big/d%02d/f%04d.txt".formatted(i / 100, i)));
        }
        write("bigger/not this.txt");
        ListingCache peer = new ListingCache(Drive.open(peerDrive), 4000, 2000, () -> {});
        FolderDownload folder = FolderDownload.start(FolderJournal.start(FOLDER, ScriptedContext.PEER, ScriptedContext.PEER_ID, "big",
                null, false), new JournalStore(journals), registry, "/downloads/big");
        ScriptedContext context = new ScriptedContext(FOLDER).answeringAll(request -> switch (request) {
            case TransferRequest.ListFiles list -> answer(peer, list, () -> {
                // Halfway: a file before the place reached, one after it, and one gone after it; twice over.
                names.add(write("big/d05/f0550-new.txt"));
                write("big/d00/f0000-new.txt");
                delete("big/d04/f0450.txt");
                names.remove("big/d04/f0450.txt");
                ask(peer, TransferRequest.ListFiles.of("big", false));
                names.add(write("big/d05/f0551-new.txt"));
                ask(peer, TransferRequest.ListFiles.of("big", false));
            });
            case TransferRequest.DownloadMany many -> queue(folder, many);
            default -> throw new AssertionError("unexpected " + request);
        });

        new FolderFeeder(folder, Duration.ofSeconds(5)).onStart(context);

        assertThat(context.exited).isTrue();
        // The version it paged was gone: it went on from the last file it queued, not from the start.
        assertThat(context.requests).filteredOn(request -> request instanceof TransferRequest.ListFiles list && list.after() != null)
                .singleElement().satisfies(request -> assertThat(((TransferRequest.ListFiles) request).after()).startsWith("big/d0"));
        assertThat(queued).doesNotHaveDuplicates().isSorted().containsExactlyElementsOf(names.stream().sorted().toList());
        TransferStatus status = registry.get(FOLDER).orElseThrow();
        assertThat(status.state()).isEqualTo(TransferStatus.DONE);
        assertThat(status.folder()).isEqualTo(new TransferStatus.Folder(names.size(), names.size(), 0));
        assertThat(new JournalStore(journals).readAll().folders()).isEmpty();
    }

    @Test
    void aPeerThatListsAFileOutsideTheFolderEndsTheFolderDownloadWithWhy() throws Exception {
        write("big/a.txt");
        FolderDownload folder = FolderDownload.start(FolderJournal.start(FOLDER, ScriptedContext.PEER, ScriptedContext.PEER_ID, "big",
                null, false), new JournalStore(journals), registry, "/downloads/big");
        String version = "ab".repeat(32);
        ScriptedContext context = new ScriptedContext(FOLDER)
                .answering(count -> new TransferResponse.ListPage(version, List.of(new FileInfo("big/a.txt", 1)), -1).encode())
                .answering(first -> new TransferResponse.ListPage(version, List.of(new FileInfo("elsewhere/b.txt", 1)), -1).encode());

        new FolderFeeder(folder, Duration.ofSeconds(5)).onStart(context);

        TransferStatus status = registry.get(FOLDER).orElseThrow();
        assertThat(status.state()).isEqualTo(TransferStatus.FAILED);
        assertThat(status.error()).contains("listed 'elsewhere/b.txt', which is not a file or an empty folder under 'big/'");
        assertThat(queued).isEmpty();
    }

    private byte[] answer(ListingCache peer, TransferRequest.ListFiles list, Runnable halfway) {
        if (list.version() != null && ++pagesAsked == 6) {
            halfway.run();
        }
        return ask(peer, list);
    }

    /** What the main process does with a chunk, and the files ending at once. */
    private byte[] queue(FolderDownload folder, TransferRequest.DownloadMany many) {
        assertThat(many.feeds()).isEqualTo(FOLDER);
        assertThat(many.files().size()).isLessThanOrEqualTo(DownloadQueue.BATCH_FILES);
        List<Journal> journals = new ArrayList<>();
        for (FileInfo file : many.files()) {
            queued.add(file.name());
            journals.add(Journal.start("worker-%012x".formatted(queued.size()), ScriptedContext.PEER, ScriptedContext.PEER_ID, file.name(),
                    "/downloads/" + file.name(), false, file.size(), folder.nextPart()));
        }
        try {
            folder.fed(new FolderDownload.Chunk(journals, 0, 0, 0, 0, many.files().getLast().name()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Journal file : journals) {
            folder.report(new TransferStatus(file.id(), ScriptedContext.PEER, file.name(), TransferStatus.DONE, file.sizeHint(),
                    file.sizeHint(), 0, -1, file.target(), null, null, 1, 0, 0));
        }
        return new TransferResponse.Downloads(List.<Address>of()).encode();
    }

    private static byte[] ask(ListingCache peer, TransferRequest.ListFiles request) {
        try {
            return peer.answer(request);
        } catch (IOException e) {
            return new ErrorReply(ErrorReply.INTERNAL, e.getMessage()).encode();
        }
    }

    private String write(String name) {
        try {
            Path file = peerDrive.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, name);
            return name;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void delete(String name) {
        try {
            Files.delete(peerDrive.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
