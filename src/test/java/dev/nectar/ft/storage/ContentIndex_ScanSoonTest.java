package dev.nectar.ft.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nectar.ft.vfs.Drive;
import dev.nectar.ft.wire.FileManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large file put in the drive after the index's scan is hashed and indexed soon after the index is told that the
 * drive changed, where the next scan is an hour away.
 */
class ContentIndex_ScanSoonTest {
    @TempDir
    Path root;
    @TempDir
    Path hashIndex;

    private FileManifest put(String name) throws IOException {
        byte[] bytes = new byte[(int) ContentIndex.MIN_BYTES + 4096];
        new Random(name.hashCode()).nextBytes(bytes);
        Path file = Files.write(root.resolve(name), bytes);
        return ManifestCache.hash(name, file, Files.readAttributes(file, BasicFileAttributes.class));
    }

    @Test
    void aFileAddedAfterTheScanIsIndexedSoonAfterTheDriveChanged() throws Exception {
        FileManifest before = put("before.bin");
        Files.writeString(root.resolve("small.txt"), "too small to index");
        try (ContentIndex index = new ContentIndex(Drive.open(root), new ManifestCache(hashIndex)).scanEvery(Duration.ofHours(1))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> index.find(before.fileHash()).isPresent());
            FileManifest after = put("after.bin");

            index.scanSoon();
            index.scanSoon();

            await().atMost(Duration.ofSeconds(20)).until(() -> index.find(after.fileHash()).isPresent());
            assertThat(index.find(after.fileHash()).orElseThrow().name()).isEqualTo("after.bin");
            assertThat(index.find(before.fileHash()).orElseThrow().path()).isEqualTo(root.resolve("before.bin"));
            try (var entries = Files.list(hashIndex)) {
                assertThat(entries.count()).as("both manifests kept, the small file's not").isEqualTo(2);
            }
        }
    }
}
