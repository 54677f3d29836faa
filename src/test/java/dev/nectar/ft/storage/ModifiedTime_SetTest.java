package dev.nectar.ft.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModifiedTime_SetTest {
    @TempDir
    Path directory;

    @Test
    void theModifiedTimeIsSetToTheMillisecondAndTheAccessTimeStays() throws IOException {
        Path file = Files.writeString(directory.resolve("file.txt"), "x");
        FileTime accessed = FileTime.fromMillis(1_500_000_000_123L);
        Files.getFileAttributeView(file, BasicFileAttributeView.class).setTimes(null, accessed, null);

        ModifiedTime.set(file, 1_700_000_000_987L);

        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(1_700_000_000_987L);
        assertThat(Files.readAttributes(file, "lastAccessTime").get("lastAccessTime")).isEqualTo(accessed);
    }

    @Test
    void aTimeBefore1970IsSetAsIs() throws IOException {
        Path file = Files.writeString(directory.resolve("old.txt"), "x");

        ModifiedTime.set(file, -86_400_001L);

        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(-86_400_001L);
    }

    @Test
    void aMissingFileIsRefusedByName() {
        Path missing = directory.resolve("missing.txt");

        assertThatThrownBy(() -> ModifiedTime.set(missing, 0)).isInstanceOf(IOException.class).hasMessageContaining(missing.toString());
        assertThat(missing).doesNotExist();
    }
}
