package dev.nectar.ft.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A worker schedules its next attempt with the policy, waits for it, and gives up at the deadline. */
class RetryPolicy_ScheduleTest {
    @Test
    void aScheduledAttemptIsWaitedForThenStartedAfresh() {
        RetryPolicy retries = new RetryPolicy(Duration.ofMinutes(1));
        assertThat(retries.waiting()).isFalse();

        assertThat(retries.schedule(offline("bob is offline"))).isTrue();
        assertThat(retries.waiting()).isTrue();
        assertThat(retries.due()).as("the first delay is about half a second").isFalse();
        assertThat(retries.untilDue()).isBetween(Duration.ofMillis(1), Duration.ofMillis(600));
        assertThat(retries.lastTrouble()).isEqualTo("bob is offline");

        retries.attempting();
        assertThat(retries.waiting()).isFalse();
        assertThat(retries.due()).isFalse();
    }

    @Test
    void pastTheDeadlineNothingIsScheduledAndTheReasonToGiveUpNamesTheLastTrouble() {
        RetryPolicy retries = new RetryPolicy(Duration.ZERO);
        assertThat(retries.schedule(offline("first cut"))).isTrue();
        await().atMost(Duration.ofSeconds(1)).until(() -> !retries.schedule(offline("bob is offline")));

        TransferError error = retries.givenUp(2);
        assertThat(error.kind()).isEqualTo(TransferError.Kind.OFFLINE);
        assertThat(error.getMessage()).startsWith("gave up after 2 attempts").endsWith(": bob is offline");
    }

    @Test
    void givingUpAfterAStallSaysItStalled() {
        RetryPolicy retries = new RetryPolicy(Duration.ZERO);
        await().atMost(Duration.ofSeconds(1)).until(() -> !retries.schedule(new TransferError(TransferError.Kind.STALLED, "bob sent nothing")));

        assertThat(retries.givenUp(3).kind()).isEqualTo(TransferError.Kind.STALLED);
    }

    private static TransferError offline(String message) {
        return new TransferError(TransferError.Kind.OFFLINE, message);
    }

    @Test
    void progressStartsAFreshSeriesOfDelays() {
        RetryPolicy retries = new RetryPolicy(Duration.ofMinutes(1));
        for (int i = 0; i < 5; i++) {
            retries.schedule(offline("cut"));
        }
        assertThat(retries.untilDue()).isGreaterThan(Duration.ofSeconds(5));
        retries.succeeded();
        retries.schedule(offline("cut"));
        assertThat(retries.untilDue()).isLessThan(Duration.ofMillis(700));
    }
}
