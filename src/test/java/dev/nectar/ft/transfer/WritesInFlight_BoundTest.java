package dev.nectar.ft.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class WritesInFlight_BoundTest {
    private final WritesInFlight writes = new WritesInFlight();

    @Test
    void eightChunksOfAMebibyteFillIt() throws Exception {
        List<CompletableFuture<Void>> pending = handOver(WritesInFlight.MAX, 1 << 20);

        assertThat(writes.hasRoom()).isFalse();
        pending.getFirst().complete(null);
        assertThat(writes.hasRoom()).isTrue();
    }

    @Test
    void smallFilesGoManyAtOnceUpToTheirBound() throws Exception {
        List<CompletableFuture<Void>> pending = handOver(WritesInFlight.MAX_SMALL, 4096);

        assertThat(writes.hasRoom()).isFalse();
        // Done out of order: room only once the oldest is written.
        pending.get(1).complete(null);
        assertThat(writes.hasRoom()).isFalse();
        pending.getFirst().complete(null);
        assertThat(writes.hasRoom()).isTrue();
    }

    @Test
    void smallWritesStopAtTheirBytes() throws Exception {
        handOver(WritesInFlight.MAX, 4096);
        handOver(1, WritesInFlight.SMALL_BYTES);

        assertThat(writes.hasRoom()).isFalse();
    }

    @Test
    void aWriteTheLinkLostFailsTheNextWait() throws Exception {
        List<CompletableFuture<Void>> pending = handOver(2, 4096);
        pending.getFirst().completeExceptionally(new IOException("the link closed"));

        assertThatThrownBy(writes::awaitRoom).isInstanceOf(ExecutionException.class).hasMessageContaining("the link closed");
    }

    private List<CompletableFuture<Void>> handOver(int count, long bytes) throws Exception {
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            assertThat(writes.hasRoom()).as("room for write %d", i).isTrue();
            CompletableFuture<Void> write = new CompletableFuture<>();
            writes.add(write, bytes);
            pending.add(write);
        }
        return pending;
    }
}
