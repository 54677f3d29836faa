package dev.nectar.ft.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalStore_OwnFilesTest {
    private static final String PEER_NODE = "b".repeat(52);

    @TempDir
    Path journals;

    @Test
    void aTransfersOwnFileGoesWhenItEndsAndAGroupGoesWithItsLastEntry() throws Exception {
        JournalStore store = new JournalStore(journals);
        Journal a = journal(1);
        Journal b = journal(2);
        store.createAll(List.of(a, b));
        store.save(a.withPaused(true));
        assertThat(names()).hasSize(2);
        assertThat(store.find(a.id())).hasValueSatisfying(found -> assertThat(found.paused()).isTrue());

        store.deleteAll(List.of(a.id()));
        assertThat(store.find(a.id())).isEmpty();
        assertThat(store.find(b.id())).hasValue(b);
        store.deleteAll(List.of(b.id()));

        assertThat(names()).isEmpty();
    }

    @Test
    void aFileOfItsOwnFoundAtStartGoesWhenItsTransferEndsEvenIfItCouldNotBeRead() throws Exception {
        JournalStore first = new JournalStore(journals);
        Journal a = journal(1);
        Journal b = journal(2);
        first.save(a);
        first.createAll(List.of(b));
        Files.writeString(journals.resolve(b.id() + ".json"), "{\"id\":");

        JournalStore reopened = new JournalStore(journals);
        assertThat(reopened.readAll().transfers()).containsExactlyInAnyOrder(a, b);
        assertThat(reopened.find(a.id())).hasValue(a);
        reopened.deleteAll(List.of(a.id(), b.id()));

        assertThat(names()).isEmpty();
    }

    @Test
    void aJournalWrittenBeforeStartsWereKeptIsReadWithNoStart() throws Exception {
        Files.writeString(journals.resolve("worker-000000000001.json"), ("{\"id\":\"worker-000000000001\",\"peer\":\"bob\",\"peerNodeId\":\"%s\","
                + "\"name\":\"f1\",\"target\":\"/downloads/f1\",\"overwrite\":false,\"manifest\":null,\"verified\":\"\",\"attempts\":0,"
                + "\"wireBytes\":0,\"reusedBytes\":0,\"paused\":false,\"sizeHint\":4096,\"partOf\":null}").formatted(PEER_NODE));

        assertThat(new JournalStore(journals).readAll().transfers()).singleElement().satisfies(journal -> {
            assertThat(journal.name()).isEqualTo("f1");
            assertThat(journal.startedAt()).isZero();
        });
    }

    @Test
    void aJournalKeepsWhenItsDownloadStarted() throws Exception {
        long before = System.currentTimeMillis();
        Journal a = journal(1);
        new JournalStore(journals).save(a);

        assertThat(new JournalStore(journals).readAll().transfers()).singleElement().satisfies(found ->
                assertThat(found.startedAt()).isEqualTo(a.startedAt()).isBetween(before, System.currentTimeMillis()));
    }

    private static Journal journal(int number) {
        return Journal.start("worker-%012x".formatted(number), "bob", PEER_NODE, "f" + number, "/downloads/f" + number, false, 4096L);
    }

    private List<String> names() throws Exception {
        try (Stream<Path> files = Files.list(journals)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }
}
