package dev.nectar.ft.vfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real failures of the file system, said in words, the path said once. */
class FileProblem_DescribeTest {
    @TempDir
    Path directory;

    @Test
    void aFileWhereAFolderWasToBeIsNotAFolder() throws Exception {
        Path file = Files.writeString(directory.resolve("plain"), "x");

        Exception e = catchException(() -> Drive.open(file));

        assertThat(FileProblem.describe(e, file)).isEqualTo("Not a directory");
        assertThat(FileProblem.describe(e)).isEqualTo(file + ": Not a directory");
    }

    @Test
    void aMissingFileIsSaidMissingWithItsPathWhenTheSentenceNamesAnother() {
        Path missing = directory.resolve("gone.bin");

        Exception e = catchException(() -> Files.size(missing));

        assertThat(FileProblem.describe(e, directory)).isEqualTo(missing + ": No such file or directory");
        assertThat(FileProblem.describe(e, missing)).isEqualTo("No such file or directory");
    }

    @Test
    void theSystemsOwnReasonIsKept() throws Exception {
        Path file = Files.writeString(directory.resolve("plain"), "x");
        Path inside = file.resolve("sub");

        Exception e = catchException(() -> Files.createDirectories(inside));

        assertThat(FileProblem.describe(e)).isIn(file + ": File exists", inside + ": Not a directory");
        Exception write = catchException(() -> Files.writeString(inside, "y"));
        assertThat(FileProblem.describe(write, inside)).isEqualTo("Not a directory");
    }

    @Test
    void aProblemOfTwoFilesNamesBoth() {
        Path from = directory.resolve("a");
        Path to = directory.resolve("b");

        assertThat(FileProblem.describe(new NoSuchFileException(from.toString(), to.toString(), null), from))
                .isEqualTo(from + " -> " + to + ": No such file or directory");
    }

    @Test
    void otherFailuresSayTheirMessageOrTheirKind() {
        assertThat(FileProblem.describe(new IOException("the link broke"))).isEqualTo("the link broke");
        assertThat(FileProblem.describe(new InterruptedIOException())).isEqualTo("InterruptedIOException");
    }
}
