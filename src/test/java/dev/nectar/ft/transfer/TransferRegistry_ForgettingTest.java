package dev.nectar.ft.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nectar.ft.wire.TransferStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransferRegistry_ForgettingTest {
    private static TransferStatus status(String id, String state) {
        return new TransferStatus(id, "bob", id + ".bin", state, 0, 0, 0, -1, "/downloads/" + id + ".bin", null, null, 1, 0, 0);
    }

    private static List<String> ids(List<TransferStatus> statuses) {
        return statuses.stream().map(TransferStatus::id).toList();
    }

    @Test
    void finishedTransfersBeyondTheLimitAreForgottenLongestFinishedFirstAndQueuedOnesNever() {
        TransferRegistry registry = new TransferRegistry();
        registry.update(status("queued", TransferStatus.QUEUED));
        for (int i = 0; i < TransferRegistry.MAX_FINISHED + 3; i++) {
            registry.update(status("t" + i, TransferStatus.QUEUED));
        }
        // Finished in the opposite order to the one they were queued in: the first to finish goes first.
        for (int i = TransferRegistry.MAX_FINISHED + 2; i >= 0; i--) {
            registry.update(status("t" + i, TransferStatus.DONE));
        }

        assertThat(registry.get("queued")).isPresent();
        assertThat(registry.all()).hasSize(TransferRegistry.MAX_FINISHED + 1);
        for (int gone = TransferRegistry.MAX_FINISHED; gone <= TransferRegistry.MAX_FINISHED + 2; gone++) {
            assertThat(registry.get("t" + gone)).as("t" + gone).isEmpty();
        }
        assertThat(registry.get("t" + (TransferRegistry.MAX_FINISHED - 1))).isPresent();
        assertThat(registry.activeTo("/downloads/queued.bin")).isPresent();
        assertThat(registry.activeTo("/downloads/t0.bin")).isEmpty();
    }

    @Test
    void changesSinceASequenceAreTheLatestStatusOfEachTransferInTheOrderTheyChanged() {
        TransferRegistry registry = new TransferRegistry();
        registry.update(status("a", TransferStatus.QUEUED));
        registry.update(status("b", TransferStatus.QUEUED));
        long seen = registry.changedSince(Long.MAX_VALUE).sequence();
        registry.update(status("c", TransferStatus.QUEUED));
        registry.update(status("a", TransferStatus.RUNNING));
        registry.update(status("c", TransferStatus.DONE));

        TransferRegistry.Changes changes = registry.changedSince(seen);

        assertThat(ids(changes.transfers())).containsExactly("a", "c");
        assertThat(changes.transfers().getLast().state()).isEqualTo(TransferStatus.DONE);
        assertThat(registry.changedSince(changes.sequence()).transfers()).isEmpty();
        assertThat(ids(registry.all())).containsExactly("b", "a", "c");
        assertThat(changes.forgotten()).isZero();
    }

    @Test
    void changesOfSomeTransfersAreTheirsAloneInTheOrderTheyChanged() {
        TransferRegistry registry = new TransferRegistry();
        registry.update(status("a", TransferStatus.QUEUED));
        registry.update(status("b", TransferStatus.QUEUED));
        long seen = registry.changedSince(Long.MAX_VALUE).sequence();
        registry.update(status("c", TransferStatus.QUEUED));
        registry.update(status("b", TransferStatus.RUNNING));
        registry.update(status("a", TransferStatus.RUNNING));

        TransferRegistry.Changes changes = registry.changedSince(seen, List.of("a", "b", "unknown"));

        assertThat(ids(changes.transfers())).containsExactly("b", "a");
        assertThat(changes.sequence()).isEqualTo(registry.changedSince(seen).sequence());
        assertThat(registry.changedSince(seen, List.of("c")).transfers()).extracting(TransferStatus::state).containsExactly(TransferStatus.QUEUED);
        assertThat(registry.changedSince(changes.sequence(), List.of("a", "b")).transfers()).isEmpty();
    }

    @Test
    void aClientThatLastLookedBeforeAForgottenChangeIsToldSo() {
        TransferRegistry registry = new TransferRegistry();
        long before = registry.changedSince(Long.MAX_VALUE).sequence();
        for (int i = 0; i <= TransferRegistry.MAX_FINISHED; i++) {
            registry.update(status("t" + i, TransferStatus.DONE));
        }

        TransferRegistry.Changes changes = registry.changedSince(before);

        assertThat(changes.forgotten()).as("t0 finished after the client looked and is forgotten").isGreaterThan(before);
        assertThat(ids(changes.transfers())).doesNotContain("t0").hasSize(TransferRegistry.MAX_FINISHED);
        assertThat(registry.changedSince(changes.sequence()).forgotten()).isLessThanOrEqualTo(changes.sequence());
    }

    @Test
    void aStatusKeepsOneCopyOfEachStateAndPeerName() {
        TransferStatus decoded = new TransferStatus("x", new String("bob".toCharArray()), "x.bin", new String("done".toCharArray()),
                0, 0, 0, -1, "/x.bin", null, null, 1, 0, 0);

        assertThat(decoded.state()).isSameAs(TransferStatus.DONE);
        assertThat(decoded.peer()).isSameAs("bob");
    }
}
