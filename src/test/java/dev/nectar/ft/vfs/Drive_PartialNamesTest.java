package dev.nectar.ft.vfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file is assembled under a hidden name beside its final one, which the file system must accept too. */
class Drive_PartialNamesTest {
    @TempDir
    Path directory;

    @Test
    void anOrdinaryNameGetsADotInFrontAndTheSuffixBehind() {
        assertThat(Drive.partialPathOf(directory.resolve("movie.mkv"))).isEqualTo(directory.resolve(".movie.mkv.ft-partial"));
    }

    @Test
    void aNameNearTheLimitGetsAPartialNameTheFileSystemTakes() throws Exception {
        String longest = "é".repeat(127);
        Path target = directory.resolve(longest);
        Files.writeString(target, "the final name itself fits");

        Path partial = Drive.partialPathOf(target);

        assertThat(partial.getParent()).isEqualTo(directory);
        assertThat(partial.getFileName().toString().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(Drive.MAX_SEGMENT_BYTES);
        assertThat(Drive.isPartial(partial)).isTrue();
        assertThat(Drive.partialPathOf(target)).as("the same each time, so a restart finds it").isEqualTo(partial);
        Files.writeString(partial, "bytes on their way");
        assertThat(partial).exists();
    }

    @Test
    void twoLongNamesWithOneBeginningGetPartialsOfTheirOwn() {
        String beginning = "a".repeat(250);

        Path first = Drive.partialPathOf(directory.resolve(beginning + "1.bin"));
        Path second = Drive.partialPathOf(directory.resolve(beginning + "2.bin"));

        assertThat(first).isNotEqualTo(second);
    }
}
