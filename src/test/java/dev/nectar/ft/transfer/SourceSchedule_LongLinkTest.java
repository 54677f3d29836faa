package dev.nectar.ft.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nectar.ft.transfer.SourceSchedule.Limits;
import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.ChunkRange;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A download from one source over a simulated link (a round trip and a rate, chunks leaving the source one after
 * another): the window grows past the short-link window only where that raises the rate.
 */
class SourceSchedule_LongLinkTest {
    private static final int CHUNK = 1 << 20;
    private static final int SHORT_LINK_WINDOW = 8;
    private static final int SHARE = ReceiveWindow.NODE_CHUNKS;

    /**
     * What a simulated download saw: the most chunks in flight, over all and in the second half of the file, and its
     * rate there; whether its link was judged, and long and fat.
     */
    private record Outcome(int mostInFlight, int lateInFlight, double lateRate, boolean judged, boolean longFat) {}

    private static Outcome download(int chunks, double roundTripSeconds, double bytesPerSecond) {
        return download(chunks, roundTripSeconds, bytesPerSecond, 1, bytesPerSecond);
    }

    /**
     * Asks as OneFilePlan does for a source alone; each chunk asked at t arrives at the later of t plus the round trip
     * and the end of the chunk before it on the link, held back until {@code burst} chunks' time is up on the link
     * (a throttling proxy that releases what it holds at once). The first two chunks cross the link at
     * {@code openingBytesPerSecond} (a token bucket's allowance).
     */
    private static Outcome download(int chunks, double roundTripSeconds, double bytesPerSecond, int burst, double openingBytesPerSecond) {
        long burstNanos = (long) (burst * CHUNK / bytesPerSecond * 1e9);
        SourceSchedule schedule = new SourceSchedule(chunks, CHUNK, new BitSet(), 0);
        SourceSchedule.Source origin = schedule.add(new Address("node-o", "worker-o"), "o", true, null).orElseThrow();
        Deque<long[]> onTheWire = new ArrayDeque<>();
        long now = 0;
        long linkFreeAt = 0;
        int mostInFlight = 0;
        int lateInFlight = 0;
        long halfAt = 0;
        int arrived = 0;
        while (arrived < chunks) {
            for (ChunkRange range : schedule.next(origin, new Limits(SHORT_LINK_WINDOW, SHARE, SHARE), now)) {
                for (int chunk = range.from(); chunk < range.to(); chunk++) {
                    double rate = chunk < 2 ? openingBytesPerSecond : bytesPerSecond;
                    long at = Math.max(now + (long) (roundTripSeconds * 1e9), linkFreeAt + (long) (CHUNK / rate * 1e9));
                    linkFreeAt = at;
                    onTheWire.addLast(new long[] {chunk, burst == 1 ? at : (at + burstNanos - 1) / burstNanos * burstNanos});
                }
            }
            mostInFlight = Math.max(mostInFlight, origin.inFlight());
            if (arrived >= chunks / 2) {
                lateInFlight = Math.max(lateInFlight, origin.inFlight());
            }
            long[] next = onTheWire.pollFirst();
            now = next[1];
            schedule.arrived(origin, (int) next[0], CHUNK, now);
            schedule.verified(origin, (int) next[0], CHUNK);
            if (++arrived == chunks / 2) {
                halfAt = now;
            }
        }
        return new Outcome(mostInFlight, lateInFlight, (chunks - chunks / 2) * (double) CHUNK / ((now - halfAt) / 1e9),
                origin.linkJudged(), origin.longFat());
    }

    @Test
    void aLongFatLinkGrowsTheWindowToTheNodesShareAndNearlyFillsTheLink() {
        Outcome far = download(512, 0.2, 125e6);

        assertThat(far.lateInFlight()).as("a 200 ms round trip at 125 MB/s holds 24 chunks").isEqualTo(SHARE);
        assertThat(far.lateRate()).as("8 chunks a round trip would be 42 MB/s").isGreaterThan(100e6);
        assertThat(far.judged() && far.longFat()).as("remembered as long and fat").isTrue();
    }

    @Test
    void aShortLinkKeepsTheShortLinkWindowThroughout() {
        Outcome near = download(512, 0.0002, 400e6);

        assertThat(near.mostInFlight()).as("the first two chunks came a chunk's time apart, a round trip holds one")
                .isEqualTo(SHORT_LINK_WINDOW);
        assertThat(near.judged() && !near.longFat()).as("judged short").isTrue();
    }

    @Test
    void aSlowSourceFarAwayDoesNotGrowItsWindow() {
        Outcome congested = download(256, 0.2, 20e6);

        assertThat(congested.mostInFlight()).as("a round trip holds four chunks at its rate: the window is not the limit")
                .isLessThanOrEqualTo(SHORT_LINK_WINDOW);
    }

    @Test
    void aSlowSourceWhoseChunksComeInBurstsDoesNotGrowItsWindow() {
        Outcome bursty = download(256, 0.01, 16e6, 4, 16e6);

        assertThat(bursty.mostInFlight()).as("chunks that come at once show nothing of the link")
                .isLessThanOrEqualTo(SHORT_LINK_WINDOW);
        assertThat(bursty.judged()).as("so it is not judged").isFalse();
    }

    @Test
    void aSlowLinkFarAwayWhoseFirstChunksCameFastGoesBackAfterOneRoundAtTheShare() {
        Outcome opening = download(256, 0.2, 20e6, 1, 125e6);

        assertThat(opening.mostInFlight()).as("two chunks 8 ms apart after 200 ms: a long fat link for one round")
                .isEqualTo(SHARE);
        assertThat(opening.lateInFlight()).as("whose rate was less than eight chunks a round trip carry")
                .isLessThanOrEqualTo(SHORT_LINK_WINDOW);
        assertThat(opening.judged() && !opening.longFat()).as("judged not long and fat after that round").isTrue();
    }

    @Test
    void chunksSentAheadAreTheFirstAskAndAFarLinkTakesTheShareAsTheSecondArrives() {
        SourceSchedule schedule = new SourceSchedule(512, CHUNK, new BitSet(), 7);
        SourceSchedule.Source origin = schedule.add(new Address("node-o", "worker-o"), "o", true, null).orElseThrow();
        Limits limits = new Limits(SHORT_LINK_WINDOW, SHARE, SHARE);
        schedule.sentAhead(origin, List.of(new ChunkRange(7, 9)), limits, 0);

        assertThat(origin.inFlight()).isEqualTo(2);
        assertThat(schedule.next(origin, limits, 1_000_000)).as("the first window is in flight already").isEmpty();
        schedule.arrived(origin, 7, CHUNK, 200_000_000);
        schedule.verified(origin, 7, CHUNK);
        assertThat(schedule.next(origin, limits, 200_000_000)).as("on from the chunks sent ahead, in a window of two")
                .containsExactly(new ChunkRange(9, 10));
        schedule.arrived(origin, 8, CHUNK, 208_400_000);
        schedule.verified(origin, 8, CHUNK);
        schedule.next(origin, limits, 208_400_000);

        assertThat(origin.inFlight()).as("a 200 ms round trip holds 24 chunks 8.4 ms apart").isEqualTo(SHARE);
    }

    @Test
    void aSwarmsSourcesNeverGrowPastTheShortLinkWindowHoweverTheirRateRises() {
        SourceSchedule schedule = new SourceSchedule(512, CHUNK, new BitSet(), 0);
        SourceSchedule.Source peer = schedule.add(new Address("node-p", "worker-p"), "p", false, null).orElseThrow();
        long now = 0;
        int chunk = 0;
        for (int round = 0; round < 20; round++) {
            int asked = schedule.next(peer, Limits.shortLink(SHORT_LINK_WINDOW, 2 * SHORT_LINK_WINDOW), now).stream()
                    .mapToInt(ChunkRange::count).sum();
            assertThat(peer.inFlight()).isLessThanOrEqualTo(SHORT_LINK_WINDOW);
            for (int i = 0; i < asked; i++) {
                now += 4_000_000 / (round + 1);
                schedule.arrived(peer, chunk, CHUNK, now);
                schedule.verified(peer, chunk++, CHUNK);
            }
        }
        assertThat(peer.linkJudged()).as("a window that cannot grow says nothing of the link").isFalse();
    }
}
