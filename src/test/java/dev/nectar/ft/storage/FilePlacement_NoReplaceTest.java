package dev.nectar.ft.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePlacement_NoReplaceTest {
    @TempDir
    Path folder;

    @Test
    void aFileTakesAFreeNameAndNeverReplacesWhatHasItNotEvenADanglingLink() throws Exception {
        Path taken = Files.writeString(folder.resolve("song.mp3"), "mine");
        Path link = Files.createSymbolicLink(folder.resolve("note.txt"), folder.resolve("nowhere"));

        Path first = FilePlacement.placeUnsynced(partial("new"), folder.resolve("fresh.bin"), false);
        Path second = FilePlacement.placeUnsynced(partial("theirs"), taken, false);
        Path third = FilePlacement.placeUnsynced(partial("linked"), link, false);

        assertThat(first).isEqualTo(folder.resolve("fresh.bin")).hasContent("new");
        assertThat(second).isEqualTo(folder.resolve("song (1).mp3")).hasContent("theirs");
        assertThat(taken).hasContent("mine");
        assertThat(third).isEqualTo(folder.resolve("note (1).txt")).hasContent("linked");
        assertThat(Files.readSymbolicLink(link)).isEqualTo(folder.resolve("nowhere"));
        assertThat(folder.resolve("nowhere")).doesNotExist();
        try (var names = Files.list(folder)) {
            assertThat(names.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder(
                    "fresh.bin", "song.mp3", "song (1).mp3", "note.txt", "note (1).txt");
        }
    }

    @Test
    void aNameAtTheFileSystemsLimitGivesUpTheEndOfItsStemToTheNumber() throws Exception {
        String longest = "é".repeat(125) + ".mp3";
        Path taken = Files.writeString(folder.resolve(longest), "mine");
        Path noExtension = Files.writeString(folder.resolve("x".repeat(255)), "mine too");

        Path copy = FilePlacement.placeUnsynced(partial("theirs"), taken, false);
        Path plain = FilePlacement.placeUnsynced(partial("theirs too"), noExtension, false);

        assertThat(copy).isEqualTo(folder.resolve("é".repeat(123) + " (1).mp3")).hasContent("theirs");
        assertThat(plain).isEqualTo(folder.resolve("x".repeat(251) + " (1)")).hasContent("theirs too");
        assertThat(taken).hasContent("mine");
        assertThat(FilePlacement.numbered(folder.resolve("." + "a".repeat(254)), 12).getFileName().toString())
                .hasSize(255).endsWith(" (12)");
    }

    @Test
    void theOneCallRenameRefusesATakenNameMovesNamesOfAnyScriptAndSaysWhyItFailed() throws Exception {
        assumeTrue(System.getProperty("os.name").equals("Linux"), "renameat2 is Linux's");
        NoReplaceRename rename = NoReplaceRename.BOUND.orElseThrow();
        Path taken = Files.writeString(folder.resolve("taken"), "mine");
        Path from = partial("theirs");

        assertThatThrownBy(() -> rename.move(from, taken)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(taken).hasContent("mine");
        assertThat(rename.move(from, folder.resolve("Grüße 東京 🎵.txt"))).isTrue();
        assertThat(folder.resolve("Grüße 東京 🎵.txt")).hasContent("theirs");
        assertThat(Files.exists(from, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThatThrownBy(() -> rename.move(from, folder.resolve("again"))).isInstanceOf(IOException.class)
                .hasMessage("cannot move " + from + " to " + folder.resolve("again") + ": No such file or directory");
    }

    private Path partial(String content) throws IOException {
        return Files.writeString(Files.createTempFile(folder, ".", ".ft-partial"), content);
    }
}
