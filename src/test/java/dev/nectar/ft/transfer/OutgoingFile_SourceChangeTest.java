package dev.nectar.ft.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nectar.ft.storage.ManifestCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file being sent is checked before each request for more of it is served: deleted, resized or touched, it stops. */
class OutgoingFile_SourceChangeTest {
    @TempDir
    Path directory;
    Path file;
    OutgoingFile outgoing;

    @BeforeEach
    void announce() throws Exception {
        file = directory.resolve("movie.mkv");
        Files.write(file, new byte[3 << 20]);
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L));
        outgoing = new OutgoingFile("movie.mkv", file, new ManifestCache(Files.createDirectories(directory.resolve("index"))), null);
        outgoing.announce();
    }

    @AfterEach
    void close() {
        outgoing.close();
    }

    @Test
    void anUnchangedFilePassesAndIsRead() throws Exception {
        outgoing.check();
        Outgoing.Piece piece = outgoing.read(2);
        try {
            assertThat(piece.blob().readableBytes()).isEqualTo(1 << 20);
        } finally {
            piece.blob().release();
        }
    }

    @Test
    void aFileCutShortUnderTheReaderStopsTheSending() throws Exception {
        try (var channel = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
            channel.truncate(2L << 20);
        }

        assertThatThrownBy(() -> outgoing.read(2)).isInstanceOf(Outgoing.Stop.class).hasMessage("source changed: movie.mkv became shorter while it was sent");
    }

    @Test
    void aDeletedFileStopsTheSendingThoughItIsStillOpen() throws Exception {
        Files.delete(file);

        assertThatThrownBy(outgoing::check).isInstanceOf(Outgoing.Stop.class).hasMessage("source changed: movie.mkv is gone from the sending node");
    }

    @Test
    void aFileWithAnotherTimeStopsTheSending() throws Exception {
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_001_000L));

        assertThatThrownBy(outgoing::check).isInstanceOf(Outgoing.Stop.class).hasMessage("source changed: movie.mkv was modified on the sending node");
    }

    @Test
    void aFileOfAnotherSizeStopsTheSending() throws Exception {
        Files.write(file, new byte[1], StandardOpenOption.APPEND);
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L));

        assertThatThrownBy(outgoing::check).isInstanceOf(Outgoing.Stop.class).hasMessage("source changed: movie.mkv was modified on the sending node");
    }
}
