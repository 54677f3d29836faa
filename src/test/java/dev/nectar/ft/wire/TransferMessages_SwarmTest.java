package dev.nectar.ft.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The swarm's messages on the wire: what a peer is asked, what a source offers, and what a receiver drops. */
class TransferMessages_SwarmTest {
    private static final String HASH = "ab".repeat(32);

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void seekChunksHoldingAndDropRoundTrip() throws Exception {
        var seek = new TransferRequest.SeekChunks(HASH, new Address("alice", "worker-1"));
        assertThat(TransferRequest.decode(seek.encode())).isEqualTo(seek);

        BitSet held = new BitSet();
        held.set(0);
        held.set(5, 9);
        BitSet coming = new BitSet();
        coming.set(2);
        var partial = new WorkerMessage.Holding(HASH, 10, held, coming);
        WorkerMessage decoded = WorkerMessage.decode(partial.encode());
        assertThat(decoded).isEqualTo(partial);
        assertThat(((WorkerMessage.Holding) decoded).has(6)).isTrue();
        assertThat(((WorkerMessage.Holding) decoded).has(2)).as("coming is not held").isFalse();

        var whole = new WorkerMessage.Holding(HASH, 10, null);
        assertThat(new String(whole.encode(), StandardCharsets.UTF_8)).doesNotContain("held").doesNotContain("coming");
        assertThat(((WorkerMessage.Holding) WorkerMessage.decode(whole.encode())).has(9)).isTrue();

        var drop = new WorkerMessage.Drop(List.of(new ChunkRange(3, 4)));
        assertThat(WorkerMessage.decode(drop.encode())).isEqualTo(drop);
    }

    @Test
    void aHoldingThatIsNotOfTheFileItNamesIsRefused() {
        for (String bad : List.of(
                "{\"Holding\":{\"file_hash\":\"nothex\",\"chunk_count\":4}}",
                "{\"Holding\":{\"file_hash\":\"" + HASH + "\",\"chunk_count\":0}}",
                "{\"Holding\":{\"file_hash\":\"" + HASH + "\",\"chunk_count\":99999999}}",
                "{\"Holding\":{\"file_hash\":\"" + HASH + "\",\"chunk_count\":4,\"held\":\"%%%\"}}",
                "{\"Holding\":{\"file_hash\":\"" + HASH + "\",\"chunk_count\":4,\"held\":7}}",
                "{\"Holding\":{\"file_hash\":\"" + HASH + "\",\"chunk_count\":4,\"coming\":\"/w==\"}}")) {
            assertThatThrownBy(() -> WorkerMessage.decode(bytes(bad))).as(bad).isInstanceOf(MalformedMessageException.class)
                    .hasMessageContaining("Holding");
        }
        assertThatThrownBy(() -> TransferRequest.decode(bytes("{\"SeekChunks\":{\"file_hash\":\"x\",\"target\":\"a@b\"}}")))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("file_hash");
    }
}
