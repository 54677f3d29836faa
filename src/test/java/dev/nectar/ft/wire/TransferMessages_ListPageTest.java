package dev.nectar.ft.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Listings of a folder, and listings in pages: the requests' fields and the pages' shape. */
class TransferMessages_ListPageTest {
    private static final String VERSION = "ab".repeat(32);

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aListingOfOneLevelOfAFolderContinuedAtAPageRoundTrips() throws Exception {
        TransferRequest.ListFiles request = TransferRequest.ListFiles.of("photos/2020/", true).continuedAt(VERSION, 20_000);

        assertThat(new String(request.encode(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"ListFiles\":{\"folder\":\"photos/2020\",\"one_level\":true,\"version\":\"" + VERSION + "\",\"from\":20000}}");
        assertThat(TransferRequest.decode(request.encode())).isEqualTo(request);
        assertThat(TransferRequest.decode(bytes("{\"ListFiles\":{}}"))).isEqualTo(new TransferRequest.ListFiles());
    }

    @Test
    void aFolderListedAfterAFileAndAFolderDownloadAndTheFilesThatFeedItRoundTrip() throws Exception {
        TransferRequest.ListFiles after = TransferRequest.ListFiles.after("photos/", "photos/2020/b.jpg");
        Address peer = new Address("bob", Address.MAIN_PROCESS);
        TransferRequest.DownloadFolder folder = new TransferRequest.DownloadFolder("photos/", peer, "/tmp/to", true);
        TransferRequest.DownloadMany feed = new TransferRequest.DownloadMany(List.of(new FileInfo("photos/c.jpg", 3)), List.of("photos/c"),
                peer, null, false, 0, "worker-0123456789ab");
        TransferRequest.ListFiles withFolders = TransferRequest.ListFiles.of("photos", false).withEmptyFolders().continuedAt(VERSION, 3);

        assertThat(new String(after.encode(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"ListFiles\":{\"folder\":\"photos\",\"after\":\"photos/2020/b.jpg\"}}");
        assertThat(TransferRequest.decode(after.encode())).isEqualTo(after);
        assertThat(TransferRequest.decode(folder.encode())).isEqualTo(folder);
        assertThat(TransferRequest.decode(feed.encode())).isEqualTo(feed);
        assertThat(feed.last()).isEqualTo("photos/c/");
        assertThat(new String(withFolders.encode(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"ListFiles\":{\"folder\":\"photos\",\"version\":\"" + VERSION + "\",\"from\":3,\"empty_folders\":true}}");
        assertThat(TransferRequest.decode(withFolders.encode())).isEqualTo(withFolders);
        assertThatThrownBy(() -> TransferRequest.decode(bytes("{\"ListFiles\":{\"empty_folders\":true}}")))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("with a folder");
        assertThatThrownBy(() -> TransferRequest.decode(bytes("{\"DownloadMany\":{\"files\":[],\"empty_folders\":[7],\"target\":\"bob/file_transfer\"}}")))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("folder names");
        assertThatThrownBy(() -> TransferRequest.decode(bytes("{\"ListFiles\":{\"after\":\"a\"}}")))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("with a folder listed recursively");
        assertThatThrownBy(() -> TransferRequest.decode(bytes("{\"ListFiles\":{\"folder\":\"a\",\"one_level\":true,\"after\":\"a/b\"}}")))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("with a folder listed recursively");
        assertThatThrownBy(() -> TransferRequest.decode(bytes("{\"DownloadFolder\":{\"target\":\"bob/file_transfer\"}}")))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("'folder'");
    }

    @Test
    void aPageOfFilesAndFoldersRoundTripsWithItsContinuation() throws Exception {
        TransferResponse.ListPage page = new TransferResponse.ListPage(VERSION,
                List.of(new FolderInfo("photos/2020", 1204, 5_123_456), new FileInfo("photos/ü \"quoted\".jpg", 3), FolderInfo.empty("photos/z")), 17);

        assertThat(TransferResponse.decode(page.encode())).isEqualTo(page);
        TransferResponse.ListPage last = new TransferResponse.ListPage(VERSION, List.of(), TransferResponse.ListPage.END);
        assertThat(TransferResponse.decode(last.encode())).isEqualTo(last);
        assertThat(last.last()).isTrue();
    }

    @Test
    void aPageWrittenFromUtf8NamesIsTheSameAsOneWrittenFromEntries() throws Exception {
        TransferResponse.ListPage.Writer writer = new TransferResponse.ListPage.Writer(VERSION);
        byte[] name = bytes("x/ü \"q\".txt");
        writer.file(name, 0, name.length, 9);

        assertThat(TransferResponse.decode(writer.finish(TransferResponse.ListPage.END)))
                .isEqualTo(new TransferResponse.ListPage(VERSION, List.of(new FileInfo("x/ü \"q\".txt", 9)), TransferResponse.ListPage.END));
    }

    @Test
    void malformedListingRequestsAndPagesAreRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> TransferRequest.decode(bytes("{\"ListFiles\":{\"from\":5}}")))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("with a version");
        assertThatThrownBy(() -> TransferRequest.decode(bytes("{\"ListFiles\":{\"one_level\":true}}")))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("with a folder");
        assertThatThrownBy(() -> TransferRequest.decode(bytes("{\"ListFiles\":{\"folder\":7}}")))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("folder name");
        assertThatThrownBy(() -> TransferRequest.decode(bytes("{\"ListFiles\":[1]}")))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("an object or nothing");
        assertThatThrownBy(() -> TransferResponse.decode(bytes("{\"ListPage\":{\"version\":\"" + VERSION + "\",\"entries\":[],\"next\":-2}}")))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("next");
        assertThatThrownBy(() -> TransferResponse.decode(bytes("{\"ListPage\":{\"version\":\"" + VERSION + "\",\"entries\":[{\"folder\":\"a\",\"files\":0,\"size\":1}],\"next\":-1}}")))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("files");
        assertThatThrownBy(() -> TransferResponse.decode(bytes("{\"ListPage\":{\"version\":\"x\",\"entries\":[],\"next\":-1}}")))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> TransferResponse.decode(bytes("{\"ListPage\":{\"version\":\"" + VERSION + "\",\"entries\":[")))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("not JSON");
    }
}
