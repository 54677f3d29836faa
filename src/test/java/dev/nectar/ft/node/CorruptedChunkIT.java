package dev.nectar.ft.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.TransferRequest;
import dev.nectar.ft.wire.TransferResponse;
import dev.nectar.ft.wire.WireFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Chunks whose bytes do not match the manifest are never written: they are fetched again, up to a limit. */
class CorruptedChunkIT {
    private static final int CONTENT_BYTES = 3 * (1 << 20) + 500_000;

    private static byte[] content() {
        byte[] bytes = new byte[CONTENT_BYTES];
        new Random(7).nextBytes(bytes);
        return bytes;
    }

    private static String startDownload(Node alice, String peer, String name) throws Exception {
        byte[] body = new TransferRequest.Download(name, new Address(peer, "file_transfer")).encode();
        WireFrame.Message response = alice.kernel().request(new Address("our", "terminal"), new Address("our", "file_transfer"),
                body, null, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        return ((TransferResponse.Download) TransferResponse.decode(response.body())).worker().process();
    }

    @Test
    void aCorruptedChunkIsDetectedAndFetchedAgain() throws Exception {
        byte[] content = content();
        try (TestNodes nodes = new TestNodes()) {
            Node alice = nodes.start("alice");
            try (ScriptedSender mallory = ScriptedSender.connect(alice, "mallory", "song.flac", content,
                    (chunk, attempt) -> chunk == 1 && attempt == 1)) {

                String id = startDownload(alice, "mallory", "song.flac");
                JsonNode status = Downloads.awaitEnd(new TestApi(alice), List.of(id)).getFirst();

                assertThat(status.path("state").asText()).as(status.toString()).isEqualTo("done");
                assertThat(Sha256.of(alice.home().publicDrive().resolve("song.flac")))
                        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
                assertThat(mallory.sends.get(1).get()).isEqualTo(2);
                assertThat(mallory.sends.get(0).get()).isEqualTo(1);
                assertThat(mallory.sends.get(3).get()).isEqualTo(1);
                await().atMost(Duration.ofSeconds(5)).until(() -> mallory.done);
            }
        }
    }

    @Test
    void aChunkThatNeverVerifiesFailsTheTransferWithTheReasonAndLeavesNothing() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node alice = nodes.start("alice");
            try (ScriptedSender mallory = ScriptedSender.connect(alice, "mallory", "song.flac", content(),
                    (chunk, attempt) -> chunk == 2)) {

                String id = startDownload(alice, "mallory", "song.flac");
                JsonNode status = Downloads.awaitEnd(new TestApi(alice), List.of(id)).getFirst();

                assertThat(status.path("state").asText()).isEqualTo("failed");
                assertThat(status.path("error").asText()).isEqualTo("chunk 2 of song.flac from mallory failed verification 3 times");
                assertThat(mallory.sends.get(2).get()).isEqualTo(3);
                await().atMost(Duration.ofSeconds(5)).until(() -> mallory.cancelReason != null);
                assertThat(mallory.cancelReason).contains("failed verification 3 times");
                Path drive = alice.home().publicDrive();
                try (Stream<Path> files = Files.list(drive)) {
                    assertThat(files).isEmpty();
                }
            }
        }
    }
}
