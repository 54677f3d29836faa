package dev.nectar.ft.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.TransferRequest;
import dev.nectar.ft.wire.TransferResponse;
import dev.nectar.ft.wire.TransferStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder asked for as one transfer ({@code DownloadFolder}, as the API does for folders of over 10,000 files),
 * here small, between two nodes: what lands, and how its status counts a file that cannot land.
 */
class FolderDownloadIT {
    @TempDir
    Path directory;

    @Test
    void aFileOfTheFolderThatCannotLandHereFailsAloneAndTheFolderSaysHowManyThenATryAgainFetchesOnlyIt() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node alice = nodes.start("alice");
            Node bob = nodes.start("bob");
            TestNodes.introduce(alice, bob);
            TestNodes.write(bob, "mixed/a.txt", "a".getBytes(StandardCharsets.UTF_8));
            TestNodes.write(bob, "mixed/inside/b.txt", "b".getBytes(StandardCharsets.UTF_8));
            TestNodes.write(bob, "mixed/z.txt", "z".getBytes(StandardCharsets.UTF_8));
            // Alice's destination has a link where the peer has a folder: nothing may be written through it.
            Path to = Files.createDirectories(directory.resolve("to"));
            Path outside = Files.createDirectories(directory.resolve("outside"));
            Files.createDirectories(to.resolve("mixed"));
            Files.createSymbolicLink(to.resolve("mixed/inside"), outside);

            TransferResponse answer = TransferResponse.decode(alice.kernel().request(new Address("our", "terminal"),
                    new Address("our", "file_transfer"), new TransferRequest.DownloadFolder("mixed/", new Address("bob", "file_transfer"),
                            to.toString(), false).encode(), null, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS).body());
            String id = ((TransferResponse.Download) answer).worker().process();

            TestApi api = new TestApi(alice);
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> api.get("/api/transfers/" + id).body().path("state").asText(), state -> state.equals(TransferStatus.FAILED));
            var status = api.get("/api/transfers/" + id).body();
            assertThat(status.path("name").asText()).isEqualTo("mixed/");
            assertThat(status.path("folder").path("files").asLong()).isEqualTo(3);
            assertThat(status.path("folder").path("done").asLong()).isEqualTo(2);
            assertThat(status.path("folder").path("failed").asLong()).isEqualTo(1);
            assertThat(status.path("error").asText()).startsWith("1 of 3 files failed");
            assertThat(Files.readString(to.resolve("mixed/a.txt"))).isEqualTo("a");
            assertThat(Files.readString(to.resolve("mixed/z.txt"))).isEqualTo("z");
            try (var written = Files.list(outside)) {
                assertThat(written).as("files written through the link").isEmpty();
            }
            assertThat(alice.home().journals()).isEmptyDirectory();

            // With the link gone, the folder tried again ends done: the two files in place count without moving again.
            Files.delete(to.resolve("mixed/inside"));
            assertThat(api.post("/api/transfers/" + id + "/retry", "").status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> api.get("/api/transfers/" + id).body().path("state").asText(), state -> state.equals(TransferStatus.DONE));
            assertThat(api.get("/api/transfers/" + id).body().path("folder").path("done").asLong()).isEqualTo(3);
            assertThat(Files.readString(to.resolve("mixed/inside/b.txt"))).isEqualTo("b");
            try (var landed = Files.walk(to)) {
                assertThat(landed.filter(Files::isRegularFile).count()).as("no copy of a file already in place").isEqualTo(3);
            }
        }
    }
}
