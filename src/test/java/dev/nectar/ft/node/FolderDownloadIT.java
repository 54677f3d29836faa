package dev.nectar.ft.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nectar.ft.identity.Peer;
import dev.nectar.ft.net.TcpProxy;
import dev.nectar.ft.transfer.TransferRegistry;
import dev.nectar.ft.vfs.Drive;
import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.TransferRequest;
import dev.nectar.ft.wire.TransferResponse;
import dev.nectar.ft.wire.TransferStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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

            String id = startFolder(alice, "mixed/", to.toString());

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

            // The changes asked after by the folder's id are the folder's alone, not its files' too.
            List<String> changed = new ArrayList<>();
            api.get("/api/transfers/changes?since=0&ids=" + id).body().path("transfers").forEach(transfer -> changed.add(transfer.path("id").asText()));
            assertThat(changed).containsExactly(id);
            assertThat(api.get("/api/transfers/changes?since=0").body().path("transfers").size()).isGreaterThan(1);
            var tooMany = api.get("/api/transfers/changes?since=0&ids=" + String.join(",", Collections.nCopies(TransferRegistry.MAX_IDS_ASKED + 1, id)));
            assertThat(tooMany.status()).isEqualTo(400);
            assertThat(tooMany.body().path("message").asText()).contains("at most " + TransferRegistry.MAX_IDS_ASKED);

            // A look that may wait for the folder's end answers with it: the folder has ended.
            var waited = api.get("/api/transfers/changes?since=0&ids=" + id + "&wait=1000");
            assertThat(waited.status()).isEqualTo(200);
            assertThat(waited.body().path("transfers").get(0).path("state").asText()).isEqualTo(TransferStatus.DONE);
            for (String wait : List.of("-1", "1001", "soon")) {
                var refused = api.get("/api/transfers/changes?since=0&ids=" + id + "&wait=" + wait);
                assertThat(refused.status()).as(wait).isEqualTo(400);
                assertThat(refused.body().path("message").asText()).isEqualTo("wait must be a number of milliseconds from 0 to 1000");
            }
            var unnamed = api.get("/api/transfers/changes?since=0&wait=100");
            assertThat(unnamed.status()).isEqualTo(400);
            assertThat(unnamed.body().path("message").asText()).startsWith("wait needs ids");
        }
    }

    @Test
    void aCancelledFolderCancelsItsPausedFilesTooAndLeavesNoJournalOrPartialFile() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node alice = nodes.start("alice");
            Node bob = nodes.start("bob");
            TestNodes.introduce(alice, bob);
            TestNodes.write(bob, "album/cover.txt", "cover".getBytes(StandardCharsets.UTF_8));
            Sha256.randomFile(bob.home().publicDrive().resolve("album/long.bin"), 8L << 20, 3);
            try (TcpProxy slowLink = TcpProxy.start(bob.listenAddresses().getFirst())) {
                slowLink.throttle(256 * 1024);
                alice.addressBook().add(new Peer("bob", bob.identity().nodeId(), List.of(slowLink.address())));
                String folder = startFolder(alice, "album/", null);
                TestApi api = new TestApi(alice);
                String file = await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> idOf(api, "album/long.bin", "running"), id -> id != null);
                assertThat(api.post("/api/transfers/" + file + "/pause", "{}").status()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> api.get("/api/transfers/" + file).body().path("state").asText(), state -> state.equals(TransferStatus.PAUSED));
                Path partial = Drive.partialPathOf(alice.home().publicDrive().resolve("album/long.bin"));
                assertThat(partial).exists();

                assertThat(api.delete("/api/transfers/" + folder).status()).isEqualTo(202);

                await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> api.get("/api/transfers/" + file).body().path("state").asText(), state -> state.equals(TransferStatus.CANCELLED));
                assertThat(api.get("/api/transfers/" + folder).body().path("state").asText()).isEqualTo(TransferStatus.CANCELLED);
                assertThat(partial).doesNotExist();
                assertThat(alice.home().publicDrive().resolve("album/long.bin")).doesNotExist();
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(alice.home().journals()).isEmptyDirectory());
            }
        }
    }

    @Test
    void theEmptyFoldersOfAFolderAreMadeWhetherItDownloadsFileByFileOrAsOneTransferAndABrowserSeesThem() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node alice = nodes.start("alice");
            Node bob = nodes.start("bob");
            TestNodes.introduce(alice, bob);
            TestNodes.write(bob, "tree/a.txt", "a".getBytes(StandardCharsets.UTF_8));
            Path bobs = bob.home().publicDrive();
            Files.createDirectories(bobs.resolve("tree/empty"));
            Files.createDirectories(bobs.resolve("tree/sub/deeper/empty"));
            Files.createDirectories(bobs.resolve("only-empty/x"));
            Files.createDirectories(bobs.resolve("clash/empty"));
            TestApi api = new TestApi(alice);
            Path drive = alice.home().publicDrive();

            var browsed = api.get("/api/peers/bob/files?folder=tree");
            var browsedEmpty = api.get("/api/peers/bob/files?folder=tree/empty");
            var started = api.post("/api/downloads", "{\"peer\":\"bob\",\"names\":[\"tree/\",\"only-empty\"]}");
            TestNodes.write(alice, "clash/empty", "mine".getBytes(StandardCharsets.UTF_8));
            var refused = api.post("/api/downloads", "{\"peer\":\"bob\",\"names\":[\"clash\"]}");

            assertThat(browsed.body().toString()).contains("{\"folder\":\"tree/empty\",\"files\":0,\"size\":0}",
                    "{\"folder\":\"tree/sub\",\"files\":0,\"size\":0}", "{\"name\":\"tree/a.txt\",\"size\":1}");
            assertThat(browsedEmpty.status()).isEqualTo(200);
            assertThat(browsedEmpty.body()).isEmpty();
            assertThat(api.get("/api/peers/bob/files?folder=nowhere").status()).isEqualTo(404);
            assertThat(api.get("/api/peers/bob/files").body().toString()).doesNotContain("empty");
            assertThat(started.status()).isEqualTo(202);
            assertThat(drive.resolve("tree/empty")).isEmptyDirectory();
            assertThat(drive.resolve("tree/sub/deeper/empty")).isEmptyDirectory();
            assertThat(drive.resolve("only-empty/x")).isEmptyDirectory();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(drive.resolve("tree/a.txt")).hasContent("a"));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body().path("message").asText()).contains("a file is in the way of the folder").doesNotContain("\n");
            assertThat(drive.resolve("clash/empty")).hasContent("mine");

            // As one transfer, the way a folder of over 10,000 files goes: the pages name the empty folders in their place.
            Path to = Files.createDirectories(directory.resolve("to"));
            String id = startFolder(alice, "tree/", to.toString());
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> api.get("/api/transfers/" + id).body().path("state").asText(), state -> state.equals(TransferStatus.DONE));
            assertThat(to.resolve("tree/a.txt")).hasContent("a");
            assertThat(to.resolve("tree/empty")).isEmptyDirectory();
            assertThat(to.resolve("tree/sub/deeper/empty")).isEmptyDirectory();
            String onlyEmpty = startFolder(alice, "only-empty/", to.toString());
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> api.get("/api/transfers/" + onlyEmpty).body().path("state").asText(), state -> state.equals(TransferStatus.DONE));
            assertThat(to.resolve("only-empty/x")).isEmptyDirectory();
            // A file in the way of an empty folder fails that entry alone, as a file refused a place does.
            Files.createDirectories(directory.resolve("to/clash"));
            Files.writeString(directory.resolve("to/clash/empty"), "mine");
            TestNodes.write(bob, "clash/a.txt", "a".getBytes(StandardCharsets.UTF_8));
            String clash = startFolder(alice, "clash/", to.toString());
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> api.get("/api/transfers/" + clash).body().path("state").asText(), state -> state.equals(TransferStatus.FAILED));
            var clashed = api.get("/api/transfers/" + clash).body();
            assertThat(clashed.path("folder").path("done").asLong()).isEqualTo(1);
            assertThat(clashed.path("folder").path("failed").asLong()).isEqualTo(1);
            assertThat(clashed.path("error").asText()).startsWith("1 of 2 files failed");
            assertThat(to.resolve("clash/a.txt")).hasContent("a");
            assertThat(to.resolve("clash/empty")).hasContent("mine");
        }
    }

    /** Asks {@code node} to download bob's {@code folder} as one transfer, into {@code to} (its drive if null); its id. */
    private static String startFolder(Node node, String folder, String to) throws Exception {
        TransferResponse answer = TransferResponse.decode(node.kernel().request(new Address("our", "terminal"),
                new Address("our", "file_transfer"), new TransferRequest.DownloadFolder(folder, new Address("bob", "file_transfer"),
                        to, false).encode(), null, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS).body());
        return ((TransferResponse.Download) answer).worker().process();
    }

    /** The id of the transfer of {@code name} in {@code state}, or null while there is none. */
    private static String idOf(TestApi api, String name, String state) throws Exception {
        for (JsonNode transfer : api.get("/api/transfers").body()) {
            if (transfer.path("name").asText().equals(name) && transfer.path("state").asText().equals(state)) {
                return transfer.path("id").asText();
            }
        }
        return null;
    }
}
