package dev.nectar.ft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nectar.ft.wire.TransferStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressDisplay_ManyFilesTest {
    private static TransferStatus status(int i, String state) {
        return new TransferStatus("worker-" + i, "bob", "file " + i + ".bin", state, 512, 1024, 100, 5, "/d/file " + i + ".bin",
                state.equals(TransferStatus.FAILED) ? "boom" : null, null, 1, 512, 0);
    }

    @Test
    void aFewFilesGetALineEach() {
        List<TransferStatus> statuses = List.of(status(1, TransferStatus.RUNNING), status(2, TransferStatus.DONE));

        assertThat(ProgressDisplay.liveLines(statuses, Duration.ofSeconds(10))).hasSize(2)
                .anySatisfy(line -> assertThat(line).startsWith("file 1.bin").contains("50%"))
                .anySatisfy(line -> assertThat(line).startsWith("file 2.bin").contains("done"));
    }

    @Test
    void manyFilesGetTheOnesOnTheirWayAndOneLineForAll() {
        List<TransferStatus> statuses = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            statuses.add(status(i, i < 60_000 ? TransferStatus.DONE : i < 60_003 ? TransferStatus.FAILED
                    : i < 60_050 ? TransferStatus.RUNNING : TransferStatus.QUEUED));
        }

        List<String> lines = ProgressDisplay.liveLines(statuses, Duration.ofSeconds(10));

        assertThat(lines).hasSize(ProgressDisplay.LINES);
        assertThat(lines.subList(0, ProgressDisplay.LINES - 1)).allSatisfy(line -> assertThat(line).contains("50%"));
        assertThat(lines.getLast()).startsWith("60,000 of 100,000 files done (3 failed), 48.8 MiB of 97.7 MiB known so far, 4.9 MiB/s");
    }
}
