package dev.nectar.ft.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmptyFolders_MakeTest {
    @TempDir
    Path root;

    @Test
    void foldersAreMadeWithTheFoldersAboveThemAndOnesThatExistAreLeftAsTheyAre() throws Exception {
        Files.createDirectories(root.resolve("kept"));
        Files.writeString(root.resolve("kept/file.txt"), "mine");

        EmptyFolders.make(List.of(root.resolve("a/b/c"), root.resolve("a/d"), root.resolve("kept")));

        assertThat(root.resolve("a/b/c")).isEmptyDirectory();
        assertThat(root.resolve("a/d")).isEmptyDirectory();
        assertThat(root.resolve("kept/file.txt")).hasContent("mine");
    }

    @Test
    void aFileInTheWayIsAnErrorThatNamesItAndIsLeftAsItIs() throws Exception {
        Files.writeString(root.resolve("taken"), "mine");

        assertThatThrownBy(() -> EmptyFolders.make(List.of(root.resolve("taken/below"))))
                .isInstanceOf(IOException.class).hasMessageContaining("in the way of the folder").hasMessageContaining("taken");
        assertThat(root.resolve("taken")).hasContent("mine");
    }
}
