package dev.nectar.ft.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.ErrorReply;
import dev.nectar.ft.wire.TransferRequest;
import dev.nectar.ft.wire.TransferResponse;
import dev.nectar.ft.wire.WireFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Downloads between real nodes on loopback; every test compares SHA-256 of source and destination. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DownloadIT {
    private static final int MIB = 1 << 20;
    TestNodes nodes;
    Node alice;
    Node bob;
    Node carol;
    TestApi aliceApi;
    TestApi bobApi;

    @BeforeAll
    void startNodes() throws Exception {
        nodes = new TestNodes();
        alice = nodes.start("alice");
        bob = nodes.start("bob");
        carol = nodes.start("carol");
        TestNodes.introduce(alice, bob);
        TestNodes.introduce(alice, carol);
        aliceApi = new TestApi(alice);
        bobApi = new TestApi(bob);
    }

    @AfterAll
    void stopNodes() throws Exception {
        nodes.close();
    }

    private Path bobFile(String name, long size) throws Exception {
        return Sha256.randomFile(bob.home().publicDrive().resolve(name), size, name.hashCode());
    }

    private Path aliceFile(String name) {
        return alice.home().publicDrive().resolve(name);
    }

    private static void assertDone(JsonNode status) {
        assertThat(status.path("state").asText()).as(status.toString()).isEqualTo("done");
        assertThat(status.path("bytes").asLong()).isEqualTo(status.path("total").asLong());
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(longs = {0, 1, MIB - 1, MIB, MIB + 1, 5L * MIB + 123})
    void filesOfEverySizeArriveIntact(long size) throws Exception {
        String name = "size-" + size + ".bin";
        Path source = bobFile(name, size);

        JsonNode status = Downloads.runOne(aliceApi, "bob", name);

        assertDone(status);
        assertThat(Sha256.of(aliceFile(name))).isEqualTo(Sha256.of(source));
        assertThat(Files.getLastModifiedTime(aliceFile(name)).toMillis()).isEqualTo(Files.getLastModifiedTime(source).toMillis());
        try (Stream<Path> files = Files.list(aliceFile(name).getParent())) {
            assertThat(files.map(Path::toString)).noneMatch(file -> file.endsWith(".ft-partial"));
        }
    }

    @Test
    void aFileOverAHundredMebibytesArrivesIntact() throws Exception {
        Path source = bobFile("large.bin", 101L * MIB + 7);

        JsonNode status = Downloads.runOne(aliceApi, "bob", "large.bin");

        assertDone(status);
        assertThat(Sha256.of(aliceFile("large.bin"))).isEqualTo(Sha256.of(source));
    }

    @Test
    void aFolderDownloadKeepsItsLayoutAndOddNames() throws Exception {
        List<String> names = List.of("album é/01 – intro.mp3", "album é/disc 2/02 ünïcødé 🎵.mp3", "album é/disc 2/.hidden notes");
        for (String name : names) {
            bobFile(name, 70_000 + name.length());
        }

        List<JsonNode> statuses = Downloads.run(aliceApi, "bob", List.of("album é/"), null, false);

        assertThat(statuses).hasSize(3).allSatisfy(DownloadIT::assertDone);
        for (String name : names) {
            assertThat(Sha256.of(aliceFile(name))).as(name).isEqualTo(Sha256.of(bob.home().publicDrive().resolve(name)));
        }
    }

    @Test
    void eightConcurrentDownloadsFromTwoPeersWhileAPeerDownloadsBack() throws Exception {
        List<String> fromBob = new ArrayList<>();
        List<String> fromCarol = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            fromBob.add("concurrent/bob-" + i + ".bin");
            bobFile("concurrent/bob-" + i + ".bin", 6L * MIB + i);
            fromCarol.add("concurrent/carol-" + i + ".bin");
            Sha256.randomFile(carol.home().publicDrive().resolve("concurrent/carol-" + i + ".bin"), 6L * MIB + i, i);
        }
        Sha256.randomFile(alice.home().publicDrive().resolve("back/to-bob.bin"), 9L * MIB, 99);

        TestApi.Response bobBatch = Downloads.start(aliceApi, "bob", fromBob, null, false);
        TestApi.Response carolBatch = Downloads.start(aliceApi, "carol", fromCarol, null, false);
        TestApi.Response back = Downloads.start(bobApi, "alice", List.of("back/to-bob.bin"), null, false);
        List<String> aliceIds = new ArrayList<>();
        bobBatch.body().forEach(status -> aliceIds.add(status.path("id").asText()));
        carolBatch.body().forEach(status -> aliceIds.add(status.path("id").asText()));

        assertThat(aliceIds).hasSize(8);
        assertThat(Downloads.awaitEnd(aliceApi, aliceIds)).allSatisfy(DownloadIT::assertDone);
        assertThat(Downloads.awaitEnd(bobApi, List.of(back.body().get(0).path("id").asText()))).allSatisfy(DownloadIT::assertDone);
        for (String name : fromBob) {
            assertThat(Sha256.of(aliceFile(name))).isEqualTo(Sha256.of(bob.home().publicDrive().resolve(name)));
        }
        for (String name : fromCarol) {
            assertThat(Sha256.of(aliceFile(name))).isEqualTo(Sha256.of(carol.home().publicDrive().resolve(name)));
        }
        assertThat(Sha256.of(bob.home().publicDrive().resolve("back/to-bob.bin")))
                .isEqualTo(Sha256.of(alice.home().publicDrive().resolve("back/to-bob.bin")));
    }

    @Test
    void anExistingFileWithOtherContentIsKeptUnlessOverwriteIsAsked(@org.junit.jupiter.api.io.TempDir Path to) throws Exception {
        Path source = bobFile("conflict.txt", 5000);
        Files.writeString(to.resolve("conflict.txt"), "mine, not bob's");

        JsonNode kept = Downloads.run(aliceApi, "bob", List.of("conflict.txt"), to.toString(), false).getFirst();

        assertDone(kept);
        assertThat(kept.path("path").asText()).isEqualTo(to.resolve("conflict (1).txt").toString());
        assertThat(Files.readString(to.resolve("conflict.txt"))).isEqualTo("mine, not bob's");
        assertThat(Sha256.of(to.resolve("conflict (1).txt"))).isEqualTo(Sha256.of(source));

        JsonNode replaced = Downloads.run(aliceApi, "bob", List.of("conflict.txt"), to.toString(), true).getFirst();

        assertDone(replaced);
        assertThat(Sha256.of(to.resolve("conflict.txt"))).isEqualTo(Sha256.of(source));
    }

    @Test
    void aFileThatIsAlreadyThereWithTheSameContentIsNotCopiedAgain(@org.junit.jupiter.api.io.TempDir Path to) throws Exception {
        Path source = bobFile("same.bin", 3L * MIB);
        Files.copy(source, to.resolve("same.bin"));

        JsonNode status = Downloads.run(aliceApi, "bob", List.of("same.bin"), to.toString(), false).getFirst();

        assertDone(status);
        try (Stream<Path> files = Files.list(to)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly("same.bin");
        }
    }

    @Test
    void theSeedsRawDownloadMessageStartsADownloadIntoTheDrive() throws Exception {
        Path source = bobFile("seed.bin", 200_000);
        byte[] body = "{\"Download\":{\"name\":\"seed.bin\",\"target\":\"bob@file_transfer:file_transfer:template.nec\"}}".getBytes();

        WireFrame.Message response = alice.kernel().request(new Address("our", "terminal"), new Address("our", "file_transfer"),
                body, null, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);

        TransferResponse.Download started = (TransferResponse.Download) TransferResponse.decode(response.body());
        assertThat(started.name()).isEqualTo("seed.bin");
        assertThat(started.worker().node()).isEqualTo("our");
        assertDone(Downloads.awaitEnd(aliceApi, List.of(started.worker().process())).getFirst());
        assertThat(Sha256.of(aliceFile("seed.bin"))).isEqualTo(Sha256.of(source));
    }

    @Test
    void refusalsAreClearAndLeaveNothingBehind(@org.junit.jupiter.api.io.TempDir Path temporary) throws Exception {
        bobFile("real.bin", 1000);
        Path notADirectory = Files.writeString(temporary.resolve("plain-file"), "x");

        TestApi.Response missing = Downloads.start(aliceApi, "bob", List.of("no-such.bin"), null, false);
        TestApi.Response unknownPeer = Downloads.start(aliceApi, "dave", List.of("real.bin"), null, false);
        TestApi.Response unwritable = Downloads.start(aliceApi, "bob", List.of("real.bin"), notADirectory.toString(), false);

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().path("message").asText()).isEqualTo("bob shares no file or folder named 'no-such.bin'");
        assertThat(unknownPeer.status()).isEqualTo(404);
        assertThat(unknownPeer.body().path("message").asText()).contains("unknown peer 'dave'");
        assertThat(unwritable.status()).isEqualTo(400);
        assertThat(unwritable.body().path("message").asText()).isEqualTo("real.bin: cannot use " + notADirectory + " as the destination: Not a directory");
        assertThat(aliceFile("real.bin")).doesNotExist();
    }

    @Test
    void aDownloadAfterAListingStartsFromTheKeptListingAndAFileGoneSinceFailsWithThePeersAnswer() throws Exception {
        Path kept = bobFile("kept.bin", 300_000);
        Path gone = bobFile("gone-since.bin", 1000);
        assertThat(aliceApi.get("/api/peers/bob/files").body().toString()).contains("gone-since.bin");
        Files.delete(gone);
        Path added = bobFile("added-since.bin", 2000);

        TestApi.Response goneStarted = Downloads.start(aliceApi, "bob", List.of("gone-since.bin"), null, false);
        JsonNode keptGot = Downloads.runOne(aliceApi, "bob", "kept.bin");
        JsonNode addedGot = Downloads.runOne(aliceApi, "bob", "added-since.bin");

        assertThat(goneStarted.status()).as("started from the kept listing, without asking bob").isEqualTo(202);
        JsonNode goneEnd = Downloads.awaitEnd(aliceApi, List.of(goneStarted.body().get(0).path("id").asText())).getFirst();
        assertThat(goneEnd.path("state").asText()).isEqualTo("failed");
        assertThat(goneEnd.path("error").asText()).contains("gone-since.bin");
        assertThat(aliceFile("gone-since.bin")).doesNotExist();
        assertDone(keptGot);
        assertThat(Sha256.of(aliceFile("kept.bin"))).isEqualTo(Sha256.of(kept));
        assertDone(addedGot);
        assertThat(Sha256.of(aliceFile("added-since.bin"))).as("a name the kept listing lacks is asked for").isEqualTo(Sha256.of(added));
    }

    @Test
    void theSenderRefusesNamesOutsideItsDriveAndFilesItDoesNotHave() throws Exception {
        Files.writeString(bob.home().root().resolve("outside.txt"), "secret");

        assertThat(askBobToSend("../outside.txt").kind()).isEqualTo(ErrorReply.BAD_REQUEST);
        assertThat(askBobToSend("../outside.txt").message()).contains("'..' would leave the drive");
        assertThat(askBobToSend("/etc/passwd").kind()).isEqualTo(ErrorReply.BAD_REQUEST);
        assertThat(askBobToSend("nothing-here").kind()).isEqualTo(ErrorReply.NOT_FOUND);
        assertThat(askBobToSend("").kind()).isEqualTo(ErrorReply.NOT_FOUND);
    }

    private ErrorReply askBobToSend(String name) throws Exception {
        byte[] body = new TransferRequest.Download(name, new Address("our", "worker-test")).encode();
        WireFrame.Message response = alice.kernel().request(new Address("our", "terminal"), new Address("bob", "file_transfer"),
                body, null, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        return ErrorReply.in(response.body()).orElseThrow(() -> new AssertionError(new String(response.body())));
    }

    @Test
    void aPeerThatStaysOfflineFailsTheDownloadAfterTheRetryDeadlineWithTheReason() throws Exception {
        Node erin = nodes.start("erin", 5, 2);
        Node dave = nodes.start("dave");
        TestNodes.introduce(erin, dave);
        Sha256.randomFile(dave.home().publicDrive().resolve("gone.bin"), 1000, 1);
        dave.close();
        byte[] body = new TransferRequest.Download("gone.bin", new Address("dave", "file_transfer")).encode();

        WireFrame.Message response = erin.kernel().request(new Address("our", "terminal"), new Address("our", "file_transfer"),
                body, null, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        String id = ((TransferResponse.Download) TransferResponse.decode(response.body())).worker().process();
        JsonNode status = Downloads.awaitEnd(new TestApi(erin), List.of(id)).getFirst();

        assertThat(status.path("state").asText()).isEqualTo("failed");
        assertThat(status.path("error").asText()).startsWith("gave up after").contains("dave is offline");
        assertThat(status.path("attempts").asInt()).isGreaterThan(1);
        assertThat(erin.home().publicDrive().resolve("gone.bin")).doesNotExist();
        assertThat(erin.home().journals()).isEmptyDirectory();
    }
}
