package dev.nectar.ft.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalStore_GroupsTest {
    private static final String PEER_NODE = "b".repeat(52);

    @TempDir
    Path journals;

    @Test
    void endedTransfersAreListedBesideTheirGroupUntilHalfOfItEnded() throws Exception {
        JournalStore store = new JournalStore(journals);
        List<Journal> group = journals(1, 8);
        store.createAll(group);
        Path groupFile = only(".json");
        byte[] written = Files.readAllBytes(groupFile);

        store.deleteAll(ids(group.subList(0, 3)));
        assertThat(Files.readAllBytes(groupFile)).isEqualTo(written);
        assertThat(Files.readAllLines(only(".ended"))).containsExactlyElementsOf(ids(group.subList(0, 3)));
        assertThat(new JournalStore(journals).readAll().transfers()).containsExactlyElementsOf(group.subList(3, 8));

        store.deleteAll(ids(group.subList(3, 4)));
        assertThat(names()).containsExactly(groupFile.getFileName().toString());
        assertThat(Files.readString(groupFile)).doesNotContain(group.get(3).id()).contains(group.get(4).id());
        assertThat(new JournalStore(journals).readAll().transfers()).containsExactlyElementsOf(group.subList(4, 8));

        store.deleteAll(ids(group.subList(4, 5)));
        assertThat(new JournalStore(journals).readAll().transfers()).containsExactlyElementsOf(group.subList(5, 8));
        store.deleteAll(ids(group.subList(5, 8)));
        assertThat(names()).isEmpty();
    }

    @Test
    void aStoreReopenedGoesOnFromTheEndedListItFound() throws Exception {
        List<Journal> group = journals(1, 4);
        JournalStore first = new JournalStore(journals);
        first.createAll(group);
        first.deleteAll(ids(group.subList(0, 1)));

        JournalStore reopened = new JournalStore(journals);
        assertThat(reopened.readAll().transfers()).containsExactlyElementsOf(group.subList(1, 4));
        reopened.deleteAll(ids(group.subList(1, 2)));
        assertThat(names()).hasSize(1);
        assertThat(new JournalStore(journals).readAll().transfers()).containsExactlyElementsOf(group.subList(2, 4));
    }

    @Test
    void anEndedListCutShortByACrashBringsBackOnlyTheTransferItWasWriting() throws Exception {
        JournalStore store = new JournalStore(journals);
        List<Journal> group = journals(1, 6);
        store.createAll(group);
        store.deleteAll(ids(group.subList(0, 2)));
        Path ended = only(".ended");
        String listed = Files.readString(ended);
        Files.writeString(ended, listed.substring(0, listed.length() - 5));

        assertThat(new JournalStore(journals).readAll().transfers()).containsExactlyElementsOf(group.subList(1, 6));
    }

    @Test
    void whatACrashLeftOfAGroupThatEndedGoesAtTheNextStart() throws Exception {
        JournalStore store = new JournalStore(journals);
        List<Journal> group = journals(1, 4);
        store.createAll(group);
        store.deleteAll(ids(group.subList(0, 1)));
        Files.write(only(".ended"), ids(group));

        assertThat(new JournalStore(journals).readAll().transfers()).isEmpty();
        assertThat(names()).isEmpty();

        store.createAll(journals(11, 2));
        Path other = only(".json");
        Files.write(journals.resolve("group-000000000001.ended"), ids(group));
        assertThat(new JournalStore(journals).readAll().transfers()).hasSize(2);
        assertThat(names()).containsExactly(other.getFileName().toString());
    }

    @Test
    void aTransferForgottenDurablyRewritesItsGroupAtOnce() throws Exception {
        JournalStore store = new JournalStore(journals);
        List<Journal> group = journals(1, 8);
        store.createAll(group);
        store.deleteAll(ids(group.subList(0, 1)));

        store.deleteDurably(ids(group.subList(1, 2)));

        assertThat(names()).hasSize(1);
        assertThat(new JournalStore(journals).readAll().transfers()).containsExactlyElementsOf(group.subList(2, 8));
    }

    private static List<Journal> journals(int first, int count) {
        return IntStream.range(first, first + count)
                .mapToObj(number -> Journal.start("worker-%012x".formatted(number), "bob", PEER_NODE, "f" + number, "/downloads/f" + number, false, 4096L))
                .toList();
    }

    private static List<String> ids(List<Journal> journals) {
        return journals.stream().map(Journal::id).toList();
    }

    private Path only(String suffix) throws Exception {
        try (Stream<Path> files = Files.list(journals)) {
            List<Path> found = files.filter(file -> file.getFileName().toString().endsWith(suffix)).toList();
            assertThat(found).hasSize(1);
            return found.getFirst();
        }
    }

    private List<String> names() throws Exception {
        try (Stream<Path> files = Files.list(journals)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }
}
