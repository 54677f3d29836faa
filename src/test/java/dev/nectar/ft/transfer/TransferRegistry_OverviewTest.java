package dev.nectar.ft.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nectar.ft.wire.TransferStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransferRegistry_OverviewTest {
    private static TransferStatus status(String id, String state) {
        return new TransferStatus(id, "bob", id + ".bin", state, 0, 0, 0, -1, "/downloads/" + id + ".bin", null, null, 1, 0, 0);
    }

    private static List<String> ids(TransferRegistry.Overview overview) {
        return overview.transfers().stream().map(TransferStatus::id).toList();
    }

    @Test
    void everyTransferNotOverIsShownAndOnlyTheLastEndedOnesWithACountOfTheRestByState() {
        TransferRegistry registry = new TransferRegistry();
        registry.update(status("done-1", TransferStatus.DONE));
        registry.update(status("failed-1", TransferStatus.FAILED));
        registry.update(status("paused", TransferStatus.PAUSED));
        registry.update(status("done-2", TransferStatus.DONE));
        registry.update(status("running", TransferStatus.RUNNING));
        registry.update(status("cancelled", TransferStatus.CANCELLED));
        registry.update(status("done-3", TransferStatus.DONE));
        registry.update(status("queued", TransferStatus.QUEUED));

        TransferRegistry.Overview lastTwo = registry.overview(status -> true, 2);

        assertThat(ids(lastTwo)).as("least recently changed first").containsExactly("paused", "running", "cancelled", "done-3", "queued");
        assertThat(lastTwo.earlier()).isEqualTo(Map.of("done", 2L, "failed", 1L));
        assertThat(registry.overview(status -> true, 0).earlier()).isEqualTo(Map.of("done", 3L, "failed", 1L, "cancelled", 1L));
        TransferRegistry.Overview every = registry.overview(status -> true, Integer.MAX_VALUE);
        assertThat(every.transfers()).isEqualTo(registry.all());
        assertThat(every.earlier()).isEmpty();
    }

    @Test
    void onlyTheTransfersConsideredAreShownOrCounted() {
        TransferRegistry registry = new TransferRegistry();
        registry.update(status("a", TransferStatus.DONE));
        registry.update(status("b", TransferStatus.DONE));
        registry.update(status("c", TransferStatus.DONE));

        TransferRegistry.Overview overview = registry.overview(status -> !status.id().equals("c"), 1);

        assertThat(ids(overview)).containsExactly("b");
        assertThat(overview.earlier()).isEqualTo(Map.of("done", 1L));
    }
}
