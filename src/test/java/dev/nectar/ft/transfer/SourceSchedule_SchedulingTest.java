package dev.nectar.ft.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nectar.ft.transfer.SourceSchedule.Limits;
import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.ChunkRange;
import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SourceSchedule_SchedulingTest {
    private static final int CHUNK = 1 << 20;
    private static final int WINDOW = 8;

    private static List<Integer> chunksOf(List<ChunkRange> ranges) {
        return ranges.stream().flatMap(range -> IntStream.range(range.from(), range.to()).boxed()).toList();
    }

    private static BitSet bits(int... chunks) {
        BitSet bits = new BitSet();
        for (int chunk : chunks) {
            bits.set(chunk);
        }
        return bits;
    }

    private static SourceSchedule.Source source(SourceSchedule schedule, String name, boolean origin, BitSet held) {
        return schedule.add(new Address("node-" + name, "worker-" + name), name, origin, held).orElseThrow();
    }

    @Test
    void anOriginAloneGetsItsWholeWindowOnceAroundFromTheReceiversPlaceWithoutAskingTwice() {
        SourceSchedule schedule = new SourceSchedule(10, CHUNK, bits(8), 7);
        SourceSchedule.Source origin = source(schedule, "origin", true, null);

        List<Integer> first = chunksOf(schedule.next(origin, Limits.shortLink(WINDOW, WINDOW), 0));
        assertThat(first).as("two until the first chunk came").containsExactly(7, 9);
        schedule.arrived(origin, 7, CHUNK, 1_000_000);
        schedule.verified(origin, 7, CHUNK);
        List<Integer> second = chunksOf(schedule.next(origin, Limits.shortLink(WINDOW, WINDOW), 1_000_000));
        List<Integer> rest = chunksOf(schedule.next(origin, Limits.shortLink(20, 20), 1_000_000));

        assertThat(second).as("a fast source gets the whole window").hasSize(WINDOW - 1).doesNotHaveDuplicates().contains(0, 1, 6);
        assertThat(rest).as("every chunk is asked once").isEmpty();
    }

    @Test
    void theOriginIsAskedOnlyForChunksNoOtherLiveSourceHolds() {
        SourceSchedule schedule = new SourceSchedule(6, CHUNK, new BitSet(), 0);
        SourceSchedule.Source origin = source(schedule, "origin", true, null);
        SourceSchedule.Source peer = source(schedule, "peer", false, bits(0, 2, 4));

        assertThat(chunksOf(schedule.next(origin, Limits.shortLink(WINDOW, 16), 0))).as("a rate not measured yet: two in flight").containsExactly(1, 3);
        assertThat(chunksOf(schedule.next(peer, Limits.shortLink(WINDOW, 16), 0))).containsExactly(0, 2);

        schedule.stop(peer, "link lost");
        schedule.arrived(origin, 1, CHUNK, 1_000_000);
        schedule.verified(origin, 1, CHUNK);
        assertThat(chunksOf(schedule.next(origin, Limits.shortLink(WINDOW, 16), 1_000_000))).as("once the peer is gone, its chunks go to the origin")
                .containsExactly(0, 2, 4, 5);
    }

    @Test
    void theRarestChunksComeFirst() {
        SourceSchedule schedule = new SourceSchedule(4, CHUNK, new BitSet(), 0);
        SourceSchedule.Source a = source(schedule, "a", false, bits(0, 1, 2, 3));
        source(schedule, "b", false, bits(0, 1, 2));

        assertThat(chunksOf(schedule.next(a, Limits.shortLink(2, 16), 0))).as("chunk 3 has one holder; a window of two").containsExactly(0, 3);
    }

    @Test
    void theEndGameAsksASecondSourceOnceAndTheLoserIsToldToDrop() {
        SourceSchedule schedule = new SourceSchedule(2, CHUNK, new BitSet(), 0);
        SourceSchedule.Source slow = source(schedule, "slow", false, null);
        SourceSchedule.Source fast = source(schedule, "fast", false, null);
        assertThat(chunksOf(schedule.next(slow, Limits.shortLink(2, 16), 0))).containsExactly(0, 1);

        assertThat(chunksOf(schedule.next(fast, Limits.shortLink(2, 16), 0))).as("every chunk is asked: end game").containsExactly(0, 1);
        assertThat(chunksOf(schedule.next(fast, Limits.shortLink(4, 16), 0))).as("never a third ask").isEmpty();

        assertThat(schedule.arrived(fast, 1, CHUNK, 10)).isTrue();
        assertThat(schedule.verified(fast, 1, CHUNK)).containsExactly(slow);
        assertThat(schedule.arrived(slow, 1, CHUNK, 20)).as("the loser's copy came anyway").isFalse();
        assertThat(schedule.duplicateBytes()).isEqualTo(CHUNK);
        assertThat(slow.inFlight()).isEqualTo(1);
        assertThat(schedule.shares()).extracting(share -> share.bytes()).containsExactly(0L, (long) CHUNK);
    }

    @Test
    void aStoppedSourceGivesItsChunksBackAndAMissingChunkNobodyHoldsIsStuck() {
        SourceSchedule schedule = new SourceSchedule(3, CHUNK, new BitSet(), 0);
        SourceSchedule.Source origin = source(schedule, "origin", true, null);
        SourceSchedule.Source peer = source(schedule, "peer", false, bits(0, 1));
        assertThat(chunksOf(schedule.next(peer, Limits.shortLink(WINDOW, 16), 0))).containsExactly(0, 1);
        assertThat(chunksOf(schedule.next(origin, Limits.shortLink(WINDOW, 16), 0))).containsExactly(2);
        assertThat(schedule.stalled(SourceSchedule.STALL_NANOS + 1)).containsExactlyInAnyOrder(origin, peer);

        schedule.stop(origin, "link lost");
        assertThat(schedule.stuck()).as("chunks are still in flight").isFalse();
        schedule.arrived(peer, 0, CHUNK, 1);
        schedule.verified(peer, 0, CHUNK);
        schedule.giveBack(peer, 1);
        assertThat(schedule.stuck()).as("chunk 2 was only the origin's").isTrue();
        assertThat(chunksOf(schedule.next(peer, Limits.shortLink(WINDOW, 16), 2))).containsExactly(1);
    }

    @Test
    void aSourceThatStoppedAndOffersAgainTakesItsPlaceBackWithWhatItSentButARefusedNodeDoesNot() {
        SourceSchedule schedule = new SourceSchedule(4, CHUNK, new BitSet(), 0);
        SourceSchedule.Source peer = source(schedule, "peer", false, null);
        schedule.next(peer, Limits.shortLink(WINDOW, 16), 0);
        schedule.arrived(peer, 0, CHUNK, 1);
        schedule.verified(peer, 0, CHUNK);
        schedule.stop(peer, "link lost");

        SourceSchedule.Source again = schedule.add(new Address("node-peer", "worker-peer-2"), "peer", false, null).orElseThrow();

        assertThat(again).isSameAs(peer);
        assertThat(again.live()).isTrue();
        assertThat(schedule.shares()).extracting(share -> share.bytes() + " " + share.state()).containsExactly(CHUNK + " active");
        assertThat(chunksOf(schedule.next(again, Limits.shortLink(WINDOW, 16), 2))).as("what the first one was asked went back").containsExactly(1, 2);

        schedule.refuse("node-bad");
        assertThat(schedule.add(new Address("node-bad", "worker-bad"), "bad", false, null)).isEmpty();
    }

    @Test
    void allSourcesTogetherStayUnderTheCap() {
        SourceSchedule schedule = new SourceSchedule(100, CHUNK, new BitSet(), 0);
        SourceSchedule.Source a = source(schedule, "a", false, null);
        SourceSchedule.Source b = source(schedule, "b", false, null);

        assertThat(chunksOf(schedule.next(a, Limits.shortLink(WINDOW, 3), 0))).hasSize(2);
        assertThat(chunksOf(schedule.next(b, Limits.shortLink(WINDOW, 3), 0))).as("new sources start at two in flight; the cap leaves one").hasSize(1);
    }
}
