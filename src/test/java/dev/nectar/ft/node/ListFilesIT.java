package dev.nectar.ft.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.FileInfo;
import dev.nectar.ft.wire.TransferRequest;
import dev.nectar.ft.wire.TransferResponse;
import dev.nectar.ft.wire.WireFrame;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ListFilesIT {
    @Test
    void aNodeListsAnotherNodesPublicDriveRecursively() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node alice = nodes.start("alice");
            Node bob = nodes.start("bob");
            TestNodes.introduce(alice, bob);
            TestNodes.write(bob, "blue-danube.mp3", new byte[9_668]);
            TestNodes.write(bob, "music/a b ü.txt", new byte[3]);

            WireFrame.Message response = listFiles(alice, new TransferRequest.ListFiles());

            assertThat(TransferResponse.decode(response.body())).isEqualTo(new TransferResponse.ListFiles(java.util.List.of(
                    new FileInfo("blue-danube.mp3", 9_668), new FileInfo("music/a b ü.txt", 3))));
        }
    }

    @Test
    void aListingAskedUnlessItsVersionIsUnchangedUntilTheDriveChanges() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node alice = nodes.start("alice");
            Node bob = nodes.start("bob");
            TestNodes.introduce(alice, bob);
            TestNodes.write(bob, "a.bin", new byte[10]);

            WireFrame.Message first = listFiles(alice, new TransferRequest.ListFiles());
            String version = TransferResponse.ListFiles.versionOf(first.body());
            assertThat(TransferResponse.decode(listFiles(alice, new TransferRequest.ListFiles(version)).body()))
                    .isEqualTo(new TransferResponse.ListingUnchanged());

            TestNodes.write(bob, "music/b.bin", new byte[3]);
            assertThat(TransferResponse.decode(listFiles(alice, new TransferRequest.ListFiles(version)).body()))
                    .isEqualTo(new TransferResponse.ListFiles(java.util.List.of(new FileInfo("a.bin", 10), new FileInfo("music/b.bin", 3))));
        }
    }

    @Test
    void browsingAPeerAgainThroughTheApiShowsWhatChangedMeanwhile() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node alice = nodes.start("alice");
            Node bob = nodes.start("bob");
            TestNodes.introduce(alice, bob);
            TestNodes.write(bob, "a.bin", new byte[10]);
            TestApi api = new TestApi(alice);

            String first = api.get("/api/peers/bob/files").body().toString();
            assertThat(api.get("/api/peers/bob/files").body().toString()).isEqualTo(first).contains("a.bin");

            TestNodes.write(bob, "b.bin", new byte[7]);
            java.nio.file.Files.delete(bob.home().publicDrive().resolve("a.bin"));
            String changed = api.get("/api/peers/bob/files").body().toString();
            assertThat(changed).contains("\"b.bin\"").doesNotContain("a.bin");
        }
    }

    @Test
    void manyPeersListingAtOnceAreAllAnsweredNoneToldToWait() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node alice = nodes.start("alice");
            Node bob = nodes.start("bob");
            TestNodes.introduce(alice, bob);
            TestNodes.write(bob, "a.bin", new byte[10]);
            List<java.util.concurrent.CompletableFuture<WireFrame.Message>> asked = new java.util.ArrayList<>();

            for (int i = 0; i < 24; i++) {
                asked.add(alice.kernel().request(new Address("our", "terminal"), new Address("bob", "file_transfer"),
                        TransferRequest.ListFiles.of("", true).encode(), null, Duration.ofSeconds(10)));
            }

            for (var answer : asked) {
                assertThat(TransferResponse.decode(answer.get(20, TimeUnit.SECONDS).body())).isEqualTo(new TransferResponse.ListPage(
                        ((TransferResponse.ListPage) TransferResponse.decode(asked.getFirst().get().body())).version(),
                        List.of(new FileInfo("a.bin", 10)), TransferResponse.ListPage.END));
            }
        }
    }

    private static WireFrame.Message listFiles(Node from, TransferRequest.ListFiles request) throws Exception {
        return from.kernel().request(new Address("our", "terminal"), new Address("bob", "file_transfer"), request.encode(), null,
                Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
    }
}
