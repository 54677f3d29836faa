package dev.nectar.ft.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A ListFiles that names the listing the asker has, and the short answer when it is still current. */
class TransferMessages_ListingVersionTest {
    private static final byte[] LISTING = new TransferResponse.ListFiles(List.of(new FileInfo("a.bin", 3))).encode();

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void theVersionIsTheSha256OfTheEncodedListingSoBothNodesComputeTheSame() {
        String version = TransferResponse.ListFiles.versionOf(LISTING);
        assertThat(version).hasSize(64).matches("[0-9a-f]+");
        assertThat(TransferResponse.ListFiles.versionOf(LISTING.clone())).isEqualTo(version);
        assertThat(TransferResponse.ListFiles.versionOf(new TransferResponse.ListFiles(List.of(new FileInfo("a.bin", 4))).encode()))
                .isNotEqualTo(version);
    }

    @Test
    void aListFilesWithAVersionRoundTripsAndWithoutOneStaysTheSeedsUnitVariant() throws Exception {
        String version = TransferResponse.ListFiles.versionOf(LISTING);
        TransferRequest.ListFiles request = new TransferRequest.ListFiles(version);
        assertThat(text(request.encode())).isEqualTo("{\"ListFiles\":{\"unless\":\"" + version + "\"}}");
        assertThat(TransferRequest.decode(request.encode())).isEqualTo(request);
        assertThat(text(new TransferRequest.ListFiles().encode())).isEqualTo("\"ListFiles\"");
        assertThat(TransferResponse.decode(new TransferResponse.ListingUnchanged().encode())).isEqualTo(new TransferResponse.ListingUnchanged());
    }

    @Test
    void aVersionThatIsNotSixtyFourHexDigitsIsRefused() {
        assertThatThrownBy(() -> TransferRequest.decode("{\"ListFiles\":{\"unless\":\"../etc\"}}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> TransferRequest.decode("{\"ListFiles\":{\"unless\":42}}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> new TransferRequest.ListFiles("ABC")).isInstanceOf(IllegalArgumentException.class);
    }
}
