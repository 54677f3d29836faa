package dev.nectar.ft.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nectar.ft.wire.TransferStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A look at some transfers' changes can wait for their end: it answers as they all finish, or when its time is up. */
class TransferRegistry_AwaitFinishedTest {
    private static TransferStatus status(String id, String state) {
        return new TransferStatus(id, "bob", id + ".bin", state, 0, 0, 0, -1, "/downloads/" + id + ".bin", null, null, 1, 0, 0);
    }

    private static CompletableFuture<Boolean> awaiting(TransferRegistry registry, List<String> ids, Duration timeout) {
        CompletableFuture<Boolean> finished = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                finished.complete(registry.awaitFinished(ids, timeout));
            } catch (InterruptedException e) {
                finished.completeExceptionally(e);
            }
        });
        return finished;
    }

    @Test
    void transfersAlreadyFinishedOrUnknownAreNotWaitedFor() throws Exception {
        TransferRegistry registry = new TransferRegistry();
        registry.update(status("a", TransferStatus.DONE));
        registry.update(status("b", TransferStatus.PAUSED));

        assertThat(registry.awaitFinished(List.of("a", "b", "never-heard-of"), Duration.ofMinutes(10))).isTrue();
    }

    @Test
    void theWaitEndsWhenTheLastOfThemFinishesNotBefore() throws Exception {
        TransferRegistry registry = new TransferRegistry();
        registry.update(status("a", TransferStatus.RUNNING));
        registry.update(status("b", TransferStatus.RUNNING));
        registry.update(status("other", TransferStatus.RUNNING));
        CompletableFuture<Boolean> finished = awaiting(registry, List.of("a", "b"), Duration.ofMinutes(10));

        registry.update(status("a", TransferStatus.DONE));
        registry.update(status("b", TransferStatus.RUNNING));
        registry.update(status("other", TransferStatus.FAILED));
        // Given the time to wake on any of those updates, it must still be waiting: b has not ended.
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !finished.isDone());

        registry.update(status("b", TransferStatus.CANCELLED));
        assertThat(finished.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aTransferThatDoesNotFinishInTimeEndsTheWaitWithFalse() throws Exception {
        TransferRegistry registry = new TransferRegistry();
        registry.update(status("a", TransferStatus.RUNNING));

        assertThat(registry.awaitFinished(List.of("a"), Duration.ofMillis(50))).isFalse();
        assertThat(registry.get("a").orElseThrow().state()).isEqualTo(TransferStatus.RUNNING);
    }
}
