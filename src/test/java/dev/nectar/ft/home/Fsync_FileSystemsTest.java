package dev.nectar.ft.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole file systems synced through syncfs, against real folders: what it answers for paths that are there and are not. */
class Fsync_FileSystemsTest {
    @TempDir
    Path directory;

    @BeforeEach
    void onLinux() {
        assumeTrue(SyncfsCall.BOUND.isPresent(), "this system has no syncfs");
    }

    @Test
    void onlyLocalDiskFileSystemsAreSyncedWhole() {
        // /proc stands for every file system not known to honour syncfs as an fsync of each file would (NFS, FUSE).
        assertThat(Fsync.syncsWhole(Path.of("/proc"))).isFalse();
        assertThat(Fsync.syncsWhole(directory.resolve("missing"))).isFalse();
    }

    @Test
    void foldersThatAreThereAreSyncedAndAFolderThatIsGoneIsAnsweredWithWhy() throws IOException {
        Path one = Files.createDirectories(directory.resolve("one"));
        Path two = Files.createDirectories(directory.resolve("two"));
        Files.writeString(one.resolve("a.txt"), "a");
        Path gone = directory.resolve("gone");

        Map<Path, IOException> failed = Fsync.fileSystemsOf(List.of(one, two, gone));

        assertThat(failed).containsOnlyKeys(gone);
        assertThat(failed.get(gone)).hasMessageContaining("gone");
        assertThat(Fsync.fileSystemsOf(List.of())).isEmpty();
    }

    @Test
    void theSystemCallsErrorIsSaidInWords() {
        Path missing = directory.resolve("missing");

        assertThatThrownBy(() -> SyncfsCall.BOUND.orElseThrow().sync(missing))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot open " + missing + " to sync its file system: No such file or directory");
    }
}
