package dev.nectar.ft.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A status written by hand is the very text Jackson's binding writes for it, and reads back as the same status. */
class TransferStatus_WriteJsonTest {
    private static final ObjectMapper BINDING = new ObjectMapper();

    private static List<TransferStatus> statuses() {
        return List.of(
                new TransferStatus("worker-1", "bob", "a.bin", TransferStatus.QUEUED, 0, 0, 0, -1, null, null, null, 0, 0, 0),
                new TransferStatus("worker-2", "carol", "music/naïve \"song\" 🎵\n.flac", TransferStatus.FAILED, 12, 100, 5, 9,
                        "/home/x/files/music/naïve \"song\" 🎵\n.flac", "bob stopped sending: cancelled \\ by\tits owner", "source changed",
                        3, 140, 20, TransferStatus.RECEIVE, 1_796_424_461_173L, 1_796_424_462_932L,
                        List.of(new TransferStatus.Source("bob", 60, TransferStatus.Source.ORIGIN),
                                new TransferStatus.Source("dave", 40, "went away")), 8, null),
                new TransferStatus("worker-3", "bob", "album/", TransferStatus.DONE, 10_000, 10_000, 0, -1, "/tmp/album", null, null, 1,
                        10_000, 0, TransferStatus.RECEIVE, 1, 2, List.of(), 0, new TransferStatus.Folder(-1, 0, 0)),
                new TransferStatus("upload-1", "alice", "big.bin", TransferStatus.RUNNING, 1L << 40, Long.MAX_VALUE, 1 << 30, 0, null, null,
                        null, Integer.MAX_VALUE, 0, 0, TransferStatus.SEND, 5, 0));
    }

    @Test
    void theTextIsJacksonsBindingsAndReadsBackTheSame() throws Exception {
        for (TransferStatus status : statuses()) {
            StringWriter text = new StringWriter();
            try (JsonGenerator json = new JsonFactory().createGenerator(text)) {
                status.writeJson(json);
            }

            assertThat(text.toString()).as(status.id()).isEqualTo(BINDING.writeValueAsString(status));
            assertThat(TransferStatus.fromJson(BINDING.readTree(text.toString()))).as(status.id()).isEqualTo(status);
        }
    }
}
