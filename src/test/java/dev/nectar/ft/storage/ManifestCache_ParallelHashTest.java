package dev.nectar.ft.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nectar.ft.wire.FileManifest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A large file hashed by several threads gets the same manifest as one read from start to end by one. */
class ManifestCache_ParallelHashTest {
    private static final int CHUNK = FileManifest.DEFAULT_CHUNK_SIZE;

    @TempDir
    Path directory;

    private Path randomFile(String name, long size) throws IOException {
        byte[] bytes = new byte[(int) size];
        new Random(size).nextBytes(bytes);
        return Files.write(directory.resolve(name), bytes);
    }

    /** Each chunk's SHA-256, computed the plain way. */
    private static List<String> chunkHashes(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        List<String> hashes = new ArrayList<>();
        for (int from = 0; from < bytes.length; from += CHUNK) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + CHUNK)));
            hashes.add(FileManifest.hex(digest.digest()));
        }
        return hashes;
    }

    @Test
    void aFileAboveTheParallelSizeHasEveryChunkHashedInOrder() throws Exception {
        Path file = randomFile("large.bin", ManifestCache.PARALLEL_FROM_BYTES + 5 * CHUNK + 123);

        FileManifest manifest = ManifestCache.hash("large.bin", file, Files.readAttributes(file, BasicFileAttributes.class));

        List<String> expected = chunkHashes(file);
        assertThat(manifest.chunkHashes()).hasSize(70).isEqualTo(expected);
        assertThat(manifest.fileHash()).isEqualTo(FileManifest.fileHashOf(expected));
        assertThat(manifest.size()).isEqualTo(Files.size(file));
    }

    @Test
    void aSmallFileIsHashedTheSameWay() throws Exception {
        Path file = randomFile("small.bin", 3L * CHUNK + 1);

        FileManifest manifest = ManifestCache.hash("small.bin", file, Files.readAttributes(file, BasicFileAttributes.class));

        assertThat(manifest.chunkHashes()).isEqualTo(chunkHashes(file));
    }

    @Test
    void aFileShorterThanItsAttributesSayFailsWhicheverPartReadsPastItsEnd() throws Exception {
        Path larger = randomFile("larger.bin", ManifestCache.PARALLEL_FROM_BYTES + 8L * CHUNK);
        Path shorter = randomFile("shorter.bin", ManifestCache.PARALLEL_FROM_BYTES + 2L * CHUNK);

        assertThatThrownBy(() -> ManifestCache.hash("shorter.bin", shorter, Files.readAttributes(larger, BasicFileAttributes.class)))
                .isInstanceOf(IOException.class).hasMessageContaining("became shorter while it was hashed");
    }

    @Test
    void theWholeChunksOfAPartialFileAreHashedAndATamperedOneShowsAsDifferent() throws Exception {
        Path file = randomFile("partial.bin", ManifestCache.PARALLEL_FROM_BYTES + 2L * CHUNK + CHUNK / 2);
        List<String> before = chunkHashes(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), 40L * CHUNK + 7);
            int whole = 66;

            String[] hashes = ManifestCache.chunkHashes(channel, file, Files.size(file), CHUNK, whole);

            assertThat(hashes).hasSize(whole);
            for (int chunk = 0; chunk < whole; chunk++) {
                if (chunk == 40) {
                    assertThat(hashes[chunk]).isNotEqualTo(before.get(chunk));
                } else {
                    assertThat(hashes[chunk]).as("chunk " + chunk).isEqualTo(before.get(chunk));
                }
            }
        }
    }
}
