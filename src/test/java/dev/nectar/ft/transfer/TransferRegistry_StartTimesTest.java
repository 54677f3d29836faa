package dev.nectar.ft.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nectar.ft.wire.TransferStatus;
import org.junit.jupiter.api.Test;

/** When a transfer started: stamped when first seen, unless its status brings the start a journal kept. */
class TransferRegistry_StartTimesTest {
    private static final long BEFORE_A_RESTART = 1_700_000_000_000L;

    private static TransferStatus status(String state) {
        return new TransferStatus("t", "bob", "t.bin", state, 0, 0, 0, -1, "/downloads/t.bin", null, null, 1, 0, 0);
    }

    @Test
    void aTransferFirstSeenNowStartsNowAndKeepsThatStart() {
        TransferRegistry registry = new TransferRegistry();
        long before = System.currentTimeMillis();
        registry.update(status(TransferStatus.QUEUED));
        long stamped = registry.get("t").orElseThrow().startedAt();

        registry.update(status(TransferStatus.RUNNING));

        assertThat(stamped).isBetween(before, System.currentTimeMillis());
        assertThat(registry.get("t").orElseThrow().startedAt()).isEqualTo(stamped);
    }

    @Test
    void aTransferResumedFromItsJournalKeepsTheStartTheJournalKept() {
        TransferRegistry registry = new TransferRegistry();

        registry.update(status(TransferStatus.QUEUED).withTimes(BEFORE_A_RESTART, 0));
        registry.update(status(TransferStatus.RUNNING));
        registry.update(status(TransferStatus.DONE));

        TransferStatus done = registry.get("t").orElseThrow();
        assertThat(done.startedAt()).isEqualTo(BEFORE_A_RESTART);
        assertThat(done.finishedAt()).isGreaterThan(BEFORE_A_RESTART);
    }
}
