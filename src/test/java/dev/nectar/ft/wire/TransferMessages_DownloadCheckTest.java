package dev.nectar.ft.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A DownloadMany that only checks a group of a larger request, and one that downloads, on the wire. */
class TransferMessages_DownloadCheckTest {
    private static final Address BOB = new Address("bob", Address.MAIN_PROCESS);
    private static final List<FileInfo> FILES = List.of(new FileInfo("a.bin", 3), new FileInfo("b.bin", 5));

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aCheckRoundTripsWithTheRequestsTotalAndADownloadCarriesNoCheck() throws Exception {
        var check = new TransferRequest.DownloadMany(FILES, List.of(), BOB, "/tmp/x", true, 1500, null);
        assertThat(new String(check.encode(), StandardCharsets.UTF_8)).contains("\"check_for\":1500");
        assertThat(TransferRequest.decode(check.encode())).isEqualTo(check);
        assertThat(check.onlyCheck()).isTrue();

        var download = new TransferRequest.DownloadMany(FILES, BOB, null, false);
        assertThat(new String(download.encode(), StandardCharsets.UTF_8)).doesNotContain("check_for");
        assertThat(TransferRequest.decode(download.encode())).isEqualTo(download);
        assertThat(download.onlyCheck()).isFalse();
    }

    @Test
    void aCheckForThatIsNotAPositiveNumberIsRefused() {
        for (String checkFor : List.of("0", "-3", "\"all\"", "1.5", "true", "99999999999")) {
            assertThatThrownBy(() -> TransferRequest.decode(bytes(
                    "{\"DownloadMany\":{\"files\":[{\"name\":\"a.bin\",\"size\":3}],\"target\":\"bob@file_transfer\",\"check_for\":" + checkFor + "}}")))
                    .as(checkFor).isInstanceOf(MalformedMessageException.class).hasMessageContaining("check_for");
        }
        assertThatThrownBy(() -> new TransferRequest.DownloadMany(FILES, List.of(), BOB, null, false, -1, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
