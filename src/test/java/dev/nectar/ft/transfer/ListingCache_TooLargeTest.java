package dev.nectar.ft.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nectar.ft.vfs.Drive;
import dev.nectar.ft.wire.ErrorReply;
import dev.nectar.ft.wire.TransferRequest;
import dev.nectar.ft.wire.TransferResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListingCache_TooLargeTest {
    @TempDir
    Path root;

    private Drive driveOf(int files) throws Exception {
        for (int i = 0; i < files; i++) {
            Files.writeString(root.resolve("a file with a longish name " + i + ".txt"), "x".repeat(i));
        }
        return Drive.open(root);
    }

    @Test
    void aListingThatFitsOneAnswerIsTheListing() throws Exception {
        ListingCache cache = new ListingCache(driveOf(50), 1 << 20);

        TransferResponse answer = TransferResponse.decode(cache.answer(new TransferRequest.ListFiles(null)));

        assertThat(answer).isInstanceOfSatisfying(TransferResponse.ListFiles.class, list -> assertThat(list.files()).hasSize(50));
    }

    @Test
    void aListingLargerThanAPeerAcceptsIsAnErrorSayingSoNotAMessageThatWouldCloseTheLink() throws Exception {
        ListingCache cache = new ListingCache(driveOf(50), 1000);

        byte[] encoded = cache.answer(new TransferRequest.ListFiles(null));

        assertThat(encoded.length).isLessThanOrEqualTo(1000);
        assertThat(TransferResponse.decode(encoded)).isInstanceOfSatisfying(ErrorReply.class, error -> {
            assertThat(error.kind()).isEqualTo(ErrorReply.TOO_LARGE);
            assertThat(error.message()).isEqualTo("the drive lists 50 files, more than one answer carries (1,000 bytes)");
        });
    }
}
