package dev.nectar.ft.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.FileInfo;
import dev.nectar.ft.wire.TransferRequest;
import dev.nectar.ft.wire.TransferResponse;
import dev.nectar.ft.wire.WireFrame;
import java.time.Duration;
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

            WireFrame.Message response = alice.kernel()
                    .request(new Address("our", "terminal"), new Address("bob", "file_transfer"),
                            new TransferRequest.ListFiles().encode(), null, Duration.ofSeconds(5))
                    .get(10, TimeUnit.SECONDS);

            assertThat(TransferResponse.decode(response.body())).isEqualTo(new TransferResponse.ListFiles(java.util.List.of(
                    new FileInfo("blue-danube.mp3", 9_668), new FileInfo("music/a b ü.txt", 3))));
        }
    }
}
