package dev.nectar.ft.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Listings of 100,000 files travel and are read entry by entry; no other message may make a tree that large. */
class TransferMessages_LargeListingTest {
    private static List<FileInfo> files(int count) {
        List<FileInfo> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            files.add(new FileInfo("folder " + i / 1000 + "/file \"" + i + "\" ü.txt", i * 7L));
        }
        return files;
    }

    @Test
    void aListingOfAHundredThousandFilesRoundTripsAndMatchesTheSeedsShape() throws Exception {
        List<FileInfo> files = files(100_000);
        byte[] encoded = new TransferResponse.ListFiles(files).encode();

        assertThat(TransferResponse.decode(encoded)).isEqualTo(new TransferResponse.ListFiles(files));
        assertThat(new String(encoded, 0, 60, StandardCharsets.UTF_8)).startsWith("{\"ListFiles\":[{\"name\":\"folder 0/file \\\"0\\\" ü.txt\",\"size\":0}");
        assertThat(FileInfo.fromJsonBytes(FileInfo.toJsonBytes(files), "entry")).isEqualTo(files);
    }

    @Test
    void aListingPastTheLimitIsNotEncoded() {
        assertThat(TransferResponse.ListFiles.encode(files(1000), 10_000)).isEmpty();
        assertThat(TransferResponse.ListFiles.encode(files(10), 10_000)).isPresent();
    }

    @Test
    void aBadEntryIsNamedAsBefore() {
        assertThatThrownBy(() -> TransferResponse.decode("{\"ListFiles\":[{\"name\":\"a\",\"size\":1},{\"size\":2}]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedMessageException.class).hasMessage("ListFiles entry needs a text field 'name'");
        assertThatThrownBy(() -> TransferResponse.decode("{\"ListFiles\":[{\"name\":\"a\",\"size\":-1}]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedMessageException.class).hasMessage("ListFiles entry.size must be a whole number >= 0");
        assertThatThrownBy(() -> TransferResponse.decode("{\"ListFiles\":[{\"name\":\"a\",\"size\":1}],\"x\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> TransferResponse.decode("{\"ListFiles\":[{\"name\":\"a\",\"size\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedMessageException.class).hasMessageStartingWith("body is not JSON");
    }

    @Test
    void anyOtherMessageOfMoreTokensThanATreeMayHoldIsRefusedBeforeItFillsTheHeap() {
        StringBuilder body = new StringBuilder("{\"Downloads\":[");
        for (int i = 0; i < TaggedJson.MAX_TREE_TOKENS; i++) {
            body.append(i == 0 ? "0" : ",0");
        }
        body.append("]}");

        assertThatThrownBy(() -> TransferResponse.decode(body.toString().getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("body is not JSON").hasMessageContaining("exceeds");
    }
}
