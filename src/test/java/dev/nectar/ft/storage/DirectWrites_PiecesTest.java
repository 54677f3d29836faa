package dev.nectar.ft.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nectar.ft.wire.FileManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectWrites_PiecesTest {
    @TempDir
    Path folder;

    @Test
    void wholeBlocksOfAnyLengthGoDirectAtTheirOffsetsAndAPieceOffTheBlocksIsRefusedUnwritten() throws Exception {
        Path file = Files.createFile(folder.resolve("received.part"));
        Optional<DirectWrites> opened = DirectWrites.open(file, Files.getFileStore(file));
        assumeTrue(opened.isPresent(), "the temporary folder's file system does no direct I/O");
        byte[] content = randomBytes(3 * AlignedBuffers.BUFFER_BYTES + 8192, 7);
        int second = AlignedBuffers.BUFFER_BYTES;
        try (DirectWrites direct = opened.get()) {
            // Out of order, one piece longer than a pooled buffer, each from a buffer whose position is not 0.
            ByteBuffer later = ByteBuffer.allocate(content.length + 5).position(5 + second);
            later.put(content, second, content.length - second).position(5 + second);
            assertThat(direct.write(later, second)).isTrue();
            assertThat(later.position()).isEqualTo(5 + second);
            assertThat(direct.write(ByteBuffer.wrap(content, 0, second), 0)).isTrue();

            assertThat(direct.write(ByteBuffer.wrap(new byte[4096]), 100)).isFalse();
            assertThat(direct.write(ByteBuffer.wrap(new byte[100]), content.length)).isFalse();
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
    }

    @Test
    void aPieceInAlignedMemoryIsWrittenStraightFromItWhereOneElsewhereWouldWaitForAPooledBuffer() throws Exception {
        Path file = Files.createFile(folder.resolve("received.part"));
        Optional<DirectWrites> opened = DirectWrites.open(file, Files.getFileStore(file), new AlignedBuffers(0, AlignedBuffers.BUFFER_BYTES));
        assumeTrue(opened.isPresent(), "the temporary folder's file system does no direct I/O");
        int alignment = IncomingFile.DIRECT_WRITE_ALIGNMENT;
        byte[] content = randomBytes(3 * alignment, 9);
        ByteBuffer memory = ByteBuffer.allocateDirect(content.length + 3 * alignment).alignedSlice(alignment);
        memory.put(alignment, content);
        try (DirectWrites direct = opened.get()) {
            ByteBuffer unaligned = memory.slice(alignment - 1, content.length);
            assertThat(direct.write(unaligned, 0)).as("no pooled buffer to copy it through").isFalse();
            assertThat(direct.write(ByteBuffer.wrap(content), 0)).as("no pooled buffer to copy it through").isFalse();

            ByteBuffer aligned = memory.slice(alignment, content.length);
            assertThat(direct.write(aligned, 0)).isTrue();
            assertThat(aligned.position()).isZero();
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
    }

    @Test
    void anIncomingFileLandsWholeWhenItsLastChunkEndsOffTheBlocks() throws Exception {
        assertThat(Files.readAllBytes(received(IncomingFile::open))).isEqualTo(content);
    }

    @Test
    void anIncomingFileWhoseDirectWritesFailGoesOnThroughThePageCacheAndLandsWhole() throws Exception {
        Path target = received((to, manifest, resume) -> IncomingFile.open(to, manifest, resume, (partial, store) -> {
            Optional<DirectWrites> direct = DirectWrites.open(partial, store);
            assumeTrue(direct.isPresent(), "the temporary folder's file system does no direct I/O");
            try {
                direct.get().close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return direct;
        }));
        assertThat(Files.readAllBytes(target)).isEqualTo(content);
    }

    private interface Opener {
        IncomingFile open(Path target, FileManifest manifest, boolean resume) throws IOException;
    }

    /** Two chunks and a last one that ends off the blocks. */
    private final byte[] content = randomBytes(2 * (1 << 20) + 1234, 8);

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Where {@link #content}, received chunk by chunk from the last, landed. */
    private Path received(Opener opener) throws Exception {
        Path source = Files.write(folder.resolve("source.bin"), content);
        FileManifest manifest = ManifestCache.hash("song.bin", source, Files.readAttributes(source, BasicFileAttributes.class));
        Path target = folder.resolve("in/song.bin");
        try (IncomingFile incoming = opener.open(target, manifest, false)) {
            for (int chunk = manifest.chunkCount() - 1; chunk >= 0; chunk--) {
                int offset = (int) manifest.offsetOf(chunk);
                assertThat(incoming.write(chunk, ByteBuffer.wrap(content, offset, manifest.lengthOf(chunk)).slice())).isTrue();
            }
            assertThat(incoming.land(false)).isEqualTo(target);
        }
        return target;
    }
}
