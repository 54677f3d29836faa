package dev.nectar.ft.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The first chunks of a download afresh: asked for with the request, sent right behind the manifest. */
class TransferMessages_FirstChunksTest {
    private static final List<String> HASHES = List.of("aa".repeat(32), "bb".repeat(32), "cc".repeat(32));
    private static final FileManifest MANIFEST = new FileManifest("film.mkv", 3L * FileManifest.DEFAULT_CHUNK_SIZE, 1_700_000_000_000L,
            FileManifest.DEFAULT_CHUNK_SIZE, HASHES, FileManifest.fileHashOf(HASHES));

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theFirstChunksStartAtTheReceiversPlaceAndGoRoundToTheFirstChunk() {
        assertThat(new FirstChunks(2, 3).of(10)).containsExactly(new ChunkRange(3, 5));
        assertThat(new FirstChunks(2, 13).of(10)).as("a place past the end, modulo the count").containsExactly(new ChunkRange(3, 5));
        assertThat(new FirstChunks(3, 7).of(8)).containsExactly(new ChunkRange(7, 8), new ChunkRange(0, 2));
        assertThat(new FirstChunks(2, 5).of(1)).as("no more than the file has").containsExactly(new ChunkRange(0, 1));
        assertThat(new FirstChunks(8, 1).of(3)).containsExactly(new ChunkRange(1, 3), new ChunkRange(0, 1));
        assertThat(new FirstChunks(2, 0).of(0)).isEmpty();
    }

    @Test
    void aRequestForTheFirstChunksAndAManifestSendingThemRoundTrip() throws Exception {
        var download = new TransferRequest.Download("film.mkv", new Address("alice", "worker-1"), null, false, new FirstChunks(2, 12345));
        assertThat(text(download.encode())).contains("\"first\":[2,12345]");
        assertThat(TransferRequest.decode(download.encode())).isEqualTo(download);
        var plain = new TransferRequest.Download("film.mkv", new Address("alice", "worker-1"));
        assertThat(text(plain.encode())).as("the seed's shape when nothing is asked ahead").doesNotContain("first");
        assertThat(TransferRequest.decode(plain.encode())).isEqualTo(plain);

        var manifest = new WorkerMessage.Manifest(MANIFEST, new FirstChunks(2, 2).of(3), 1500);
        assertThat(text(manifest.encode())).contains("\"ahead\":[[2,3],[0,1]]").contains("\"held_us\":1500");
        assertThat(WorkerMessage.decode(manifest.encode())).isEqualTo(manifest);
        var alone = new WorkerMessage.Manifest(MANIFEST);
        assertThat(text(alone.encode())).doesNotContain("ahead").doesNotContain("held_us");
        assertThat(WorkerMessage.decode(alone.encode())).isEqualTo(alone);
    }

    @Test
    void firstChunksOutOfBoundsOrOfTheWrongShapeAreRefused() {
        for (String first : List.of("[33,0]", "[0,0]", "[2,-1]", "[2.5,0]", "[2]", "\"2\"", "[2,4294967296]")) {
            String request = "{\"Download\":{\"name\":\"a.bin\",\"target\":\"alice@worker-1\",\"first\":" + first + "}}";
            assertThatThrownBy(() -> TransferRequest.decode(bytes(request))).as(first).isInstanceOf(MalformedMessageException.class)
                    .hasMessageContaining("Download.first");
        }
        String manifest = text(new WorkerMessage.Manifest(MANIFEST, List.of(new ChunkRange(0, 2)), 10).encode());
        for (String bad : List.of(manifest.replace("[[0,2]]", "[[2,4]]"), manifest.replace("[[0,2]]", "[[1,0]]"),
                manifest.replace("[[0,2]]", "7"), manifest.replace("\"held_us\":10", "\"held_us\":-1"),
                manifest.replace(",\"held_us\":10", ""))) {
            assertThatThrownBy(() -> WorkerMessage.decode(bytes(bad))).as(bad).isInstanceOf(MalformedMessageException.class);
        }
    }
}
