package dev.nectar.ft.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nectar.ft.vfs.Drive;
import dev.nectar.ft.wire.FileManifest;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file being received, against a real folder: verified writes, resume after a torn or tampered partial file, landing, a full disk. */
class IncomingFile_DiskTest {
    private static final int CHUNK = 4096;

    @TempDir
    Path directory;

    private record Source(byte[] bytes, FileManifest manifest) {
        ByteBuffer chunk(int index) {
            int from = (int) manifest.offsetOf(index);
            return ByteBuffer.wrap(bytes, from, manifest.lengthOf(index)).slice();
        }
    }

    private static Source source(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        List<String> hashes = new ArrayList<>();
        for (int from = 0; from < size; from += CHUNK) {
            var digest = FileManifest.sha256();
            digest.update(bytes, from, Math.min(CHUNK, size - from));
            hashes.add(FileManifest.hex(digest.digest()));
        }
        return new Source(bytes, new FileManifest("song.flac", size, 1_700_000_000_000L, CHUNK, hashes, FileManifest.fileHashOf(hashes)));
    }

    private static void writeAll(IncomingFile file, Source source) throws IOException {
        for (int chunk = 0; chunk < source.manifest().chunkCount(); chunk++) {
            assertThat(file.write(chunk, source.chunk(chunk))).isTrue();
        }
    }

    @Test
    void aFileWrittenChunkByChunkInAnyOrderLandsWholeWithTheSendersTime() throws IOException {
        Source source = source(5 * CHUNK + 123, 1);
        Path target = directory.resolve("music/song.flac");
        try (IncomingFile file = IncomingFile.open(target, source.manifest(), false)) {
            for (int chunk = source.manifest().chunkCount() - 1; chunk >= 0; chunk--) {
                assertThat(file.write(chunk, source.chunk(chunk))).isTrue();
            }
            assertThat(file.isComplete()).isTrue();
            assertThat(file.land(false)).isEqualTo(target);
        }

        assertThat(Files.readAllBytes(target)).isEqualTo(source.bytes());
        assertThat(Files.getLastModifiedTime(target)).isEqualTo(FileTime.fromMillis(1_700_000_000_000L));
        assertThat(Drive.partialPathOf(target)).doesNotExist();
        assertThat(IncomingFile.holds(target, source.manifest())).isTrue();
    }

    @Test
    void bytesThatAreNotTheChunkAreRefusedAndNotCountedUntilTheChunkComes() throws IOException {
        Source source = source(3 * CHUNK, 2);
        Path target = directory.resolve("song.flac");
        try (IncomingFile file = IncomingFile.open(target, source.manifest(), false)) {
            ByteBuffer tampered = ByteBuffer.wrap(source.bytes().clone(), CHUNK, CHUNK).slice();
            tampered.put(10, (byte) (tampered.get(10) ^ 1));

            assertThat(file.write(1, tampered)).isFalse();
            assertThat(file.write(1, source.chunk(2))).as("another chunk's bytes").isFalse();
            assertThat(file.write(1, ByteBuffer.wrap(source.bytes(), CHUNK, CHUNK + 1).slice())).as("a byte too many").isFalse();
            assertThat(file.write(3, source.chunk(2))).as("a chunk past the end").isFalse();
            assertThat(file.has(1)).isFalse();
            assertThat(file.verifiedBytes()).isZero();
            assertThat(Files.size(Drive.partialPathOf(target))).as("nothing past the chunk it was sent as").isLessThanOrEqualTo(2L * CHUNK);

            writeAll(file, source);
            assertThat(file.write(1, tampered)).as("a chunk here already is not written again").isFalse();
            file.land(false);
        }
        assertThat(Files.readAllBytes(target)).isEqualTo(source.bytes());
    }

    @Test
    void aWorkerInterruptedWhileItsChunkIsWrittenWaitsForTheWriteAndKeepsTheInterrupt() throws IOException {
        Source source = source(2 * CHUNK, 6);
        Path target = directory.resolve("song.flac");
        try (IncomingFile file = IncomingFile.open(target, source.manifest(), false)) {
            Thread.currentThread().interrupt();
            boolean written = file.write(0, source.chunk(0));
            assertThat(Thread.interrupted()).isTrue();
            assertThat(written).isTrue();
            assertThat(file.has(0)).isTrue();
            assertThat(file.write(1, source.chunk(1))).isTrue();
            file.land(false);
        }
        assertThat(Files.readAllBytes(target)).isEqualTo(source.bytes());
    }

    @Test
    void aResumeKeepsTheIntactChunksAndFetchesATornOrTamperedOneAgain() throws IOException {
        Source source = source(6 * CHUNK, 3);
        Path target = directory.resolve("song.flac");
        try (IncomingFile file = IncomingFile.open(target, source.manifest(), false)) {
            for (int chunk = 0; chunk < 5; chunk++) {
                file.write(chunk, source.chunk(chunk));
            }
            file.checkpoint(() -> { });
        }
        Path partial = Drive.partialPathOf(target);
        try (RandomAccessFile raw = new RandomAccessFile(partial.toFile(), "rw")) {
            raw.seek(CHUNK + 7);
            raw.write(0x55 ^ source.bytes()[CHUNK + 7]);
            // A crash in the middle of writing chunk 4: only half of it reached the disk.
            raw.setLength(4L * CHUNK + CHUNK / 2);
        }

        try (IncomingFile file = IncomingFile.open(target, source.manifest(), true)) {
            assertThat(List.of(file.has(0), file.has(1), file.has(2), file.has(3), file.has(4), file.has(5)))
                    .containsExactly(true, false, true, true, false, false);
            assertThat(file.reusedBytes()).isEqualTo(3L * CHUNK);
            assertThat(file.nextMissing(0)).isEqualTo(1);
            for (int chunk = 0; chunk < 6; chunk++) {
                file.write(chunk, source.chunk(chunk));
            }
            file.land(false);
        }
        assertThat(Files.readAllBytes(target)).isEqualTo(source.bytes());
    }

    @Test
    void aFileWithOtherContentUnderTheNameIsKeptAndTheNewOneLandsBesideIt() throws IOException {
        Source source = source(2 * CHUNK, 4);
        Path target = directory.resolve("song.flac");
        Files.writeString(target, "mine");
        try (IncomingFile file = IncomingFile.open(target, source.manifest(), false)) {
            writeAll(file, source);
            assertThat(file.land(false)).isEqualTo(directory.resolve("song (1).flac"));
        }
        assertThat(Files.readString(target)).isEqualTo("mine");
        assertThat(IncomingFile.holds(target, source.manifest())).isFalse();
    }

    @Test
    void discardLeavesNothingBehind() throws IOException {
        Source source = source(2 * CHUNK, 5);
        Path target = directory.resolve("song.flac");
        IncomingFile file = IncomingFile.open(target, source.manifest(), false);
        file.write(0, source.chunk(0));
        file.discard();

        assertThat(directory).isEmptyDirectory();
    }

    @Test
    void aFullDiskIsSaidBeforeAByteIsWrittenAndAsItFillsUp() throws Exception {
        Path small = Files.createDirectories(directory.resolve("small"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", small.toString()), "a tmpfs can be mounted (root only)");
        try {
            Source large = source(512 * 1024, 6);
            assertThatThrownBy(() -> IncomingFile.open(small.resolve("song.flac"), large.manifest(), false))
                    .isInstanceOf(NoRoomException.class).hasMessageContaining("not enough space for song.flac");
            assertThat(small).isEmptyDirectory();

            Source fits = source(128 * 1024, 7);
            try (IncomingFile file = IncomingFile.open(small.resolve("song.flac"), fits.manifest(), false)) {
                Files.write(small.resolve("other"), new byte[200 * 1024 - 1]);
                assertThatThrownBy(() -> writeAll(file, fits)).isInstanceOf(IOException.class).hasMessageContaining("No space left");
                file.discard();
            }
            assertThat(Drive.partialPathOf(small.resolve("song.flac"))).doesNotExist();
        } finally {
            run("umount", small.toString());
        }
    }

    private static boolean run(String... command) throws Exception {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException noMount) {
            return false;
        }
    }
}
