package dev.nectar.ft.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nectar.ft.wire.TransferStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderDownload_ResumeTest {
    private static final String FOLDER = "worker-00000000f01d";
    private static final String PEER_NODE = "b".repeat(52);

    @TempDir
    Path journals;

    @Test
    void aRestartCountsWhatEndedFromTheJournalsAndDropsAChunkJournaledButNotYetCounted() throws Exception {
        JournalStore store = new JournalStore(journals);
        FolderDownload folder = FolderDownload.start(FolderJournal.start(FOLDER, "bob", PEER_NODE, "big", null, false), store,
                new TransferRegistry(), "/downloads/big");
        folder.counted(5, 50);
        Journal a = file(1, "big/a", folder.nextPart());
        Journal b = file(2, "big/b", folder.nextPart());
        Journal c = file(3, "big/c", folder.nextPart());
        store.createAll(List.of(a, b, c));
        folder.fed(new FolderDownload.Chunk(List.of(a, b, c), 0, 0, 0, 0, "big/c"));
        folder.report(ended(a, TransferStatus.DONE));
        store.delete(a.id());
        folder.report(ended(b, TransferStatus.FAILED));
        store.delete(b.id());
        // The next chunk is journaled, and the node dies before the folder's journal counts it.
        Journal d = file(4, "big/d", folder.nextPart());
        store.createAll(List.of(d));

        JournalStore reopened = new JournalStore(journals);
        JournalStore.Contents contents = reopened.readAll();
        List<Journal> files = contents.transfers();
        FolderJournal journal = contents.folders().getFirst();
        TransferRegistry registry = new TransferRegistry();
        FolderDownload resumed = FolderDownload.resumed(journal, files, reopened, registry, "/downloads/big");

        assertThat(new JournalStore(journals).readAll().transfers()).extracting(Journal::id).containsExactly(c.id());
        assertThat(resumed.journal().last()).isEqualTo("big/c");
        assertThat(registry.get(FOLDER).orElseThrow().folder()).isEqualTo(new TransferStatus.Folder(5, 1, 1));
        assertThat(registry.get(FOLDER).orElseThrow().bytes()).isEqualTo(10);

        resumed.report(ended(c, TransferStatus.DONE));
        resumed.listed(null);

        TransferStatus last = registry.get(FOLDER).orElseThrow();
        assertThat(last.state()).isEqualTo(TransferStatus.FAILED);
        assertThat(last.folder()).isEqualTo(new TransferStatus.Folder(3, 2, 1));
        assertThat(last.error()).startsWith("1 of 3 files failed");
        assertThat(new JournalStore(journals).readAll().folders()).isEmpty();
    }

    @Test
    void aFeederWaitsWhileTheWindowIsFullAndGoesOnWhenAFileEnds() throws Exception {
        JournalStore store = new JournalStore(journals);
        FolderDownload folder = FolderDownload.start(FolderJournal.start(FOLDER, "bob", PEER_NODE, "big", null, false), store,
                new TransferRegistry(), "/downloads/big");
        List<Journal> window = new ArrayList<>();
        for (int i = 0; i < FolderDownload.WINDOW; i++) {
            window.add(file(100 + i, "big/%05d".formatted(i), folder.nextPart()));
        }
        folder.fed(new FolderDownload.Chunk(window, 0, 0, 0, 0, window.getLast().name()));
        Thread feeder = Thread.ofVirtual().start(() -> {
            try {
                folder.awaitRoom(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(feeder::isAlive);
        folder.report(ended(window.getFirst(), TransferStatus.DONE));
        await().atMost(Duration.ofSeconds(10)).until(() -> !feeder.isAlive());
    }

    private static Journal file(int number, String name, Journal.Part part) {
        return Journal.start("worker-%012x".formatted(number), "bob", PEER_NODE, name, "/downloads/" + name, false, 10L, part);
    }

    private static TransferStatus ended(Journal file, String state) {
        return new TransferStatus(file.id(), "bob", file.name(), state, 10, 10, 0, -1, file.target(), null, null, 1, 10, 0);
    }
}
