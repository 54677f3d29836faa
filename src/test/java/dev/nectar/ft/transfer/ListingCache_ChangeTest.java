package dev.nectar.ft.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nectar.ft.vfs.Drive;
import dev.nectar.ft.wire.TransferRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listing tells its owner when a walk finds the drive other than the walk before it did, and only then. */
class ListingCache_ChangeTest {
    @TempDir
    Path root;

    @Test
    void theFirstWalkAndEachWalkThatListsOtherwiseAreTold() throws Exception {
        Files.writeString(root.resolve("a.txt"), "a");
        AtomicInteger changes = new AtomicInteger();
        ListingCache cache = new ListingCache(Drive.open(root), 4000, changes::incrementAndGet);

        cache.answer(new TransferRequest.ListFiles());
        cache.answer(new TransferRequest.ListFiles());
        assertThat(changes).as("the first walk, then the same listing").hasValue(1);

        Files.writeString(root.resolve("b.txt"), "b");
        cache.answer(TransferRequest.ListFiles.of("", false));
        cache.answer(new TransferRequest.ListFiles());
        assertThat(changes).as("a file added").hasValue(2);

        Files.delete(root.resolve("a.txt"));
        Files.delete(root.resolve("b.txt"));
        cache.answer(new TransferRequest.ListFiles());
        assertThat(changes).as("both gone").hasValue(3);
    }
}
