package dev.nectar.ft.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nectar.ft.wire.TransferStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransferHistory_ReloadTest {
    @TempDir
    Path home;

    private static TransferStatus status(String id, String state, long bytes) {
        return new TransferStatus(id, "bob", id + ".bin", state, bytes, 1000, 0, -1, "/tmp/" + id + ".bin", null, null, 1, bytes, 0);
    }

    private Path file() {
        return home.resolve("transfers.jsonl");
    }

    private List<String> idsAfterReopen() throws Exception {
        try (TransferHistory history = TransferHistory.open(file(), 3)) {
            return history.earlier().stream().map(TransferStatus::id).toList();
        }
    }

    @Test
    void endedTransfersComeBackInTheOrderTheyEndedWithTheirLatestStatus() throws Exception {
        try (TransferHistory history = TransferHistory.open(file(), 3)) {
            assertThat(history.earlier()).isEmpty();
            TransferRegistry registry = new TransferRegistry(history.earlier(), history);
            registry.update(status("worker-a", TransferStatus.RUNNING, 10));
            registry.update(status("worker-a", TransferStatus.DONE, 1000));
            registry.update(status("worker-b", TransferStatus.PAUSED, 20));
            registry.update(status("worker-c", TransferStatus.FAILED, 30));
            registry.update(status("worker-d", TransferStatus.CANCELLED, 40));
        }

        try (TransferHistory history = TransferHistory.open(file(), 3)) {
            assertThat(history.earlier()).extracting(TransferStatus::id).containsExactly("worker-a", "worker-c", "worker-d");
            assertThat(history.earlier()).extracting(TransferStatus::state)
                    .containsExactly(TransferStatus.DONE, TransferStatus.FAILED, TransferStatus.CANCELLED);
            assertThat(history.earlier().getFirst().bytes()).isEqualTo(1000);
            assertThat(history.earlier().getFirst().finishedAt()).isPositive();
            TransferRegistry restarted = new TransferRegistry(history.earlier(), history);
            assertThat(restarted.get("worker-a")).map(TransferStatus::state).contains(TransferStatus.DONE);
            assertThat(restarted.idle()).isTrue();
        }
    }

    @Test
    void aLineCutShortByACrashAZeroFilledTailAndLinesNotFtsAreSkipped() throws Exception {
        try (TransferHistory history = TransferHistory.open(file(), 3)) {
            history.ended(status("worker-a", TransferStatus.DONE, 1000));
        }
        Files.writeString(file(), "not json\n{\"id\":null}\n{\"id\":\"worker-r\",\"state\":\"running\"}\n{\"id\":\"worker-x\",\"sta\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Files.write(file(), new byte[1 << 20], StandardOpenOption.APPEND);
        Files.write(file(), new byte[] {'\n', (byte) 0xff, (byte) 0xfe, '\n'}, StandardOpenOption.APPEND);
        try (TransferHistory history = TransferHistory.open(file(), 3)) {
            history.ended(status("worker-b", TransferStatus.DONE, 1000));
        }

        assertThat(idsAfterReopen()).containsExactly("worker-a", "worker-b");
    }

    @Test
    void anUnreadableHistoryStartsEmpty() throws Exception {
        Files.createDirectories(file());

        try (TransferHistory history = TransferHistory.open(file(), 3)) {
            assertThat(history.earlier()).isEmpty();
            history.ended(status("worker-a", TransferStatus.DONE, 1000));
        }
        assertThat(file()).isDirectory();
    }

    @Test
    void theFileKeepsTheLastTransfersAndIsRewrittenWhenItHoldsTwiceAsMany() throws Exception {
        try (TransferHistory history = TransferHistory.open(file(), 3)) {
            for (int i = 0; i < 10; i++) {
                history.ended(status("worker-" + i, TransferStatus.DONE, i));
            }
        }

        assertThat(Files.readAllLines(file())).hasSizeLessThan(6);
        assertThat(idsAfterReopen()).containsExactly("worker-7", "worker-8", "worker-9");
    }

    @Test
    void aLongHistoryIsReadWholeAndRewrittenWithItsLatestLinesIntact() throws Exception {
        int keep = 1000;
        try (TransferHistory history = TransferHistory.open(file(), keep)) {
            for (int i = 0; i < 3 * keep; i++) {
                history.ended(status("worker-" + i, TransferStatus.DONE, i));
            }
        }

        try (TransferHistory history = TransferHistory.open(file(), keep)) {
            assertThat(Files.size(file())).isGreaterThan(256 << 10);
            assertThat(history.earlier()).extracting(TransferStatus::id).hasSize(keep)
                    .startsWith("worker-2000").endsWith("worker-2999").doesNotHaveDuplicates();
            assertThat(history.earlier()).extracting(TransferStatus::bytes).isSorted();
        }
    }

    @Test
    void clearingForgetsWhatEndedBeforeAndKeepsWhatEndsAfter() throws Exception {
        try (TransferHistory history = TransferHistory.open(file(), 3)) {
            TransferRegistry registry = new TransferRegistry(history.earlier(), history);
            registry.update(status("worker-a", TransferStatus.DONE, 1));
            registry.clearFinished();
            registry.update(status("worker-b", TransferStatus.DONE, 2));
        }

        assertThat(idsAfterReopen()).containsExactly("worker-b");
    }
}
