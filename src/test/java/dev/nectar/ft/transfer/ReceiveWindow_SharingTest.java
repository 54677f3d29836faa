package dev.nectar.ft.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nectar.ft.wire.FileManifest;
import org.junit.jupiter.api.Test;

/** The node's chunks in flight are shared among its running downloads, within a floor and a ceiling. */
class ReceiveWindow_SharingTest {
    private static ReceiveWindow withDownloads(int count) {
        ReceiveWindow window = new ReceiveWindow();
        for (int i = 0; i < count; i++) {
            window.join();
        }
        return window;
    }

    @Test
    void aDownloadAloneOrOneOfAFewGetsTheFullWindow() {
        assertThat(withDownloads(1).perDownload()).isEqualTo(ReceiveWindow.PER_DOWNLOAD);
        assertThat(withDownloads(3).perDownload()).isEqualTo(ReceiveWindow.PER_DOWNLOAD);
    }

    @Test
    void manyDownloadsShareTheNodesChunksSoTheTotalStaysBounded() {
        ReceiveWindow eight = withDownloads(8);
        assertThat(eight.perDownload()).isEqualTo(ReceiveWindow.NODE_CHUNKS / 8);
        assertThat(8 * eight.perDownload()).isLessThanOrEqualTo(ReceiveWindow.NODE_CHUNKS);
    }

    @Test
    void aDownloadAloneMayGrowToTheNodesChunksOnALongLinkAndManyShareThem() {
        assertThat(withDownloads(1).share()).isEqualTo(ReceiveWindow.NODE_CHUNKS);
        assertThat(withDownloads(2).share()).isEqualTo(ReceiveWindow.NODE_CHUNKS / 2);
        assertThat(withDownloads(100).share()).isEqualTo(ReceiveWindow.LEAST);
    }

    @Test
    void everyDownloadKeepsAtLeastTheFloorHoweverManyRun() {
        assertThat(withDownloads(100).perDownload()).isEqualTo(ReceiveWindow.LEAST);
    }

    @Test
    void downloadsThatEndGiveTheirShareBack() {
        ReceiveWindow window = withDownloads(8);
        for (int i = 0; i < 6; i++) {
            window.leave();
        }
        assertThat(window.perDownload()).isEqualTo(ReceiveWindow.PER_DOWNLOAD);
    }

    @Test
    void aPeerWhoseLastDownloadKeptTheShareOnALongFatLinkHasTheShareSentWithTheManifestUntilALinkIsJudgedShort() {
        ReceiveWindow window = withDownloads(1);
        assertThat(window.firstChunks("far")).as("a peer not known yet").isEqualTo(ReceiveWindow.LEAST);

        window.judged("far", true);
        window.judged("near", false);
        assertThat(window.firstChunks("far")).isEqualTo(ReceiveWindow.NODE_CHUNKS);
        assertThat(window.firstChunks("near")).isEqualTo(ReceiveWindow.LEAST);
        window.join();
        assertThat(window.firstChunks("far")).as("no more than the download's share now").isEqualTo(ReceiveWindow.NODE_CHUNKS / 2);

        window.judged("far", false);
        assertThat(window.firstChunks("far")).isEqualTo(ReceiveWindow.LEAST);
    }

    @Test
    void theLongFatLinksRememberedAreBoundedTheLeastRecentlyJudgedForgottenFirst() {
        ReceiveWindow window = withDownloads(1);
        for (int peer = 0; peer <= ReceiveWindow.PEERS_REMEMBERED; peer++) {
            window.judged("peer-" + peer, true);
        }
        assertThat(window.firstChunks("peer-0")).isEqualTo(ReceiveWindow.LEAST);
        assertThat(window.firstChunks("peer-1")).isEqualTo(ReceiveWindow.NODE_CHUNKS);
        assertThat(window.firstChunks("peer-" + ReceiveWindow.PEERS_REMEMBERED)).isEqualTo(ReceiveWindow.NODE_CHUNKS);
    }

    @Test
    void aBatchOfSmallFilesCountsItsShareInBytes() {
        assertThat(withDownloads(1).bytesPerDownload()).isEqualTo(ReceiveWindow.PER_DOWNLOAD * (long) FileManifest.DEFAULT_CHUNK_SIZE);
        assertThat(withDownloads(32).bytesPerDownload()).as("32 batches of 1 MiB files, the most that run at once, hold 64 MiB")
                .isEqualTo(ReceiveWindow.LEAST * (long) FileManifest.DEFAULT_CHUNK_SIZE);
    }
}
