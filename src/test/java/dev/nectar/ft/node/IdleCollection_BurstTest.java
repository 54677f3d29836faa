package dev.nectar.ft.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nectar.ft.transfer.TransferRegistry;
import dev.nectar.ft.wire.TransferStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdleCollection_BurstTest {
    private final TransferRegistry registry = new TransferRegistry();
    private final List<Runnable> scheduled = new ArrayList<>();
    private final AtomicInteger collections = new AtomicInteger();
    private final IdleCollection collection = new IdleCollection(registry, scheduled::add, collections::incrementAndGet, () -> {});

    private static TransferStatus status(String id, String state) {
        return new TransferStatus(id, "bob", id, state, 0, 0, 0, -1, "/downloads/" + id, null, null, 1, 0, 0);
    }

    private void endTransfers(int count, String prefix) {
        for (int i = 0; i < count; i++) {
            registry.update(status(prefix + i, TransferStatus.RUNNING));
            registry.update(status(prefix + i, TransferStatus.DONE));
        }
    }

    private void runScheduled() {
        List<Runnable> due = List.copyOf(scheduled);
        scheduled.clear();
        due.forEach(Runnable::run);
    }

    @Test
    void aBurstOfTransfersIsFollowedByOneCollectionOnceTheNodeIsIdle() {
        endTransfers(IdleCollection.BURST, "t");

        assertThat(scheduled).as("one collection asked for, however many statuses came").hasSize(1);
        runScheduled();
        assertThat(collections).hasValue(1);
        endTransfers(IdleCollection.BURST - 1, "u");
        assertThat(scheduled).as("the count starts again after a collection").isEmpty();
    }

    @Test
    void fewTransfersAreNoBurst() {
        endTransfers(IdleCollection.BURST - 1, "t");

        assertThat(scheduled).isEmpty();
        runScheduled();
        assertThat(collections).hasValue(0);
    }

    @Test
    void aTransferThatStartsBeforeTheQuietEndsPutsTheCollectionOffUntilTheNextIdle() {
        endTransfers(IdleCollection.BURST, "t");
        registry.update(status("late", TransferStatus.RUNNING));
        runScheduled();
        assertThat(collections).as("busy again when the quiet ended").hasValue(0);

        registry.update(status("late", TransferStatus.PAUSED));
        assertThat(registry.idle()).as("a paused transfer waits for its owner, not for the node").isTrue();
        runScheduled();
        assertThat(collections).hasValue(1);
    }

    @Test
    void closingStopsListening() {
        collection.close();
        endTransfers(IdleCollection.BURST, "t");

        assertThat(scheduled).isEmpty();
    }
}
