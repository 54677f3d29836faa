package dev.nectar.ft.vfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Drive_PathResolutionTest {
    @TempDir
    Path temporary;
    Drive drive;
    Path outside;

    @BeforeEach
    void setUp() throws Exception {
        drive = Drive.open(temporary.resolve("files"));
        outside = Files.createDirectories(temporary.resolve("secret"));
        Files.writeString(outside.resolve("passwd"), "root:x:0:0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../secret/passwd", "a/../../secret", "music/..", "/etc/passwd", "C:\\Windows",
            "c:/windows", "a\\..\\b", "a//b", "./a", "a/./b", "a\u0000b", "a\nb", "tab\there", "\u007f"})
    void refusesNamesThatLeaveTheDriveOrAreNotPlainRelativeNames(String name) {
        assertThatThrownBy(() -> drive.resolve(name))
                .isInstanceOf(PathRefusedException.class)
                .hasMessageStartingWith("refused path");
    }

    @Test
    void refusesOverLongNamesAndComponents() {
        assertThatThrownBy(() -> drive.resolve("a".repeat(256))).hasMessageContaining("longer than 255");
        assertThatThrownBy(() -> drive.resolve("a/".repeat(2100))).hasMessageContaining("longer than 4096");
    }

    @Test
    void refusesSymlinksThatLeadOutsideTheDrive() throws Exception {
        Files.createSymbolicLink(drive.root().resolve("escape"), outside);
        Files.createSymbolicLink(drive.root().resolve("passwd"), outside.resolve("passwd"));

        assertThatThrownBy(() -> drive.resolve("escape/passwd")).hasMessageContaining("symbolic link leads outside");
        assertThatThrownBy(() -> drive.resolve("escape/new-file")).hasMessageContaining("symbolic link leads outside");
        assertThatThrownBy(() -> drive.resolve("passwd")).hasMessageContaining("symbolic link leads outside");
    }

    @Test
    void resolvesRelativeNamesInsideTheDrive() throws Exception {
        assertThat(drive.resolve("music/a b ü.mp3")).isEqualTo(drive.root().resolve("music").resolve("a b ü.mp3"));
        assertThat(drive.resolve("music/")).isEqualTo(drive.root().resolve("music"));
        assertThat(drive.resolve("..hidden..")).isEqualTo(drive.root().resolve("..hidden.."));
        assertThat(drive.resolve("")).isEqualTo(drive.root());
    }

    @Test
    void listsFilesRecursivelyWithRelativeNamesButNeverPartialsOrEscapingLinks() throws Exception {
        Files.createDirectories(drive.root().resolve("music/old"));
        Files.write(drive.root().resolve("a.bin"), new byte[10]);
        Files.write(drive.root().resolve("music/old/b.mp3"), new byte[20]);
        Files.write(Drive.partialPathOf(drive.root().resolve("c.bin")), new byte[30]);
        Files.createSymbolicLink(drive.root().resolve("inside-link"), drive.root().resolve("a.bin"));
        Files.createSymbolicLink(drive.root().resolve("outside-link"), outside.resolve("passwd"));

        List<DriveEntry> files = new ArrayList<>();
        drive.walk(files::add);

        assertThat(files).extracting(DriveEntry::name, DriveEntry::size).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a.bin", 10L),
                org.assertj.core.groups.Tuple.tuple("inside-link", 10L),
                org.assertj.core.groups.Tuple.tuple("music/old/b.mp3", 20L));
    }

    @Test
    void refusesTheNamesOfUnfinishedDownloads() {
        assertThatThrownBy(() -> drive.resolve(".c.bin.ft-partial")).hasMessageContaining("unfinished downloads");
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../secret/passwd", "a/../../secret", "/etc/passwd", "a//b", "a\u0000b"})
    void aRequestsResolverRefusesWhatResolveRefuses(String name) {
        Drive.Resolver names = drive.resolver();
        assertThatThrownBy(() -> names.resolve(name)).isInstanceOf(PathRefusedException.class);
    }

    @Test
    void aRequestsResolverGivesThePathsResolveGivesForManyNamesInOneFolder() throws Exception {
        Drive.Resolver names = drive.resolver();
        for (int i = 0; i < 50; i++) {
            String name = "new folder/deeper/file " + i + ".bin";
            assertThat(names.resolve(name)).isEqualTo(drive.resolve(name));
        }
        assertThat(names.resolve("")).isEqualTo(drive.root());
    }

    @Test
    void aRequestsResolverStillRefusesLinksOutOnceItsFolderWasChecked() throws Exception {
        Files.createDirectories(drive.root().resolve("music"));
        Files.createSymbolicLink(drive.root().resolve("escape"), outside);
        Drive.Resolver names = drive.resolver();

        assertThat(names.resolve("music/a.mp3")).isEqualTo(drive.root().resolve("music/a.mp3"));
        // After the folder passed, a name in it that exists is checked itself: a link out is still refused.
        Files.createSymbolicLink(drive.root().resolve("music/b.mp3"), outside.resolve("passwd"));
        assertThatThrownBy(() -> names.resolve("music/b.mp3")).hasMessageContaining("symbolic link leads outside");
        // A file there, or a link that stays inside the drive, passes.
        Files.writeString(drive.root().resolve("music/c.mp3"), "c");
        Files.createSymbolicLink(drive.root().resolve("music/d.mp3"), drive.root().resolve("music/c.mp3"));
        assertThat(names.resolve("music/c.mp3")).isEqualTo(drive.root().resolve("music/c.mp3"));
        assertThat(names.resolve("music/d.mp3")).isEqualTo(drive.root().resolve("music/d.mp3"));
        // The same after a folder passed by a file that exists in it.
        Files.createDirectories(drive.root().resolve("books"));
        Files.writeString(drive.root().resolve("books/a.txt"), "a");
        assertThat(names.resolve("books/a.txt")).isEqualTo(drive.root().resolve("books/a.txt"));
        Files.createSymbolicLink(drive.root().resolve("books/b.txt"), outside.resolve("passwd"));
        assertThatThrownBy(() -> names.resolve("books/b.txt")).hasMessageContaining("symbolic link leads outside");
        // A folder that failed is not remembered as passed: every name in it is refused.
        assertThatThrownBy(() -> names.resolve("escape/one")).hasMessageContaining("symbolic link leads outside");
        assertThatThrownBy(() -> names.resolve("escape/two")).hasMessageContaining("symbolic link leads outside");
        // Nor is a missing folder below a link out, though the names below a missing folder are not looked at each.
        assertThatThrownBy(() -> names.resolve("escape/new/one")).hasMessageContaining("symbolic link leads outside");
        assertThatThrownBy(() -> names.resolve("escape/new/deeper/two")).hasMessageContaining("symbolic link leads outside");
        assertThatThrownBy(() -> names.resolve("music/.b.mp3.ft-partial")).hasMessageContaining("unfinished downloads");
    }

    @Test
    void aLookTellsWhatTheResolverFoundWithoutFollowingALink() throws Exception {
        Files.createDirectories(drive.root().resolve("music"));
        Files.writeString(drive.root().resolve("music/a.mp3"), "four");
        Files.createSymbolicLink(drive.root().resolve("music/b.mp3"), drive.root().resolve("music/a.mp3"));
        Drive.Resolver names = drive.resolver();

        Drive.Looked file = names.look("music/a.mp3");
        assertThat(file.path()).isEqualTo(drive.root().resolve("music/a.mp3"));
        assertThat(file.found().isRegularFile()).isTrue();
        assertThat(file.found().size()).isEqualTo(4);
        assertThat(names.look("music/b.mp3").found().isSymbolicLink()).isTrue();
        assertThat(names.look("music/missing.mp3").found()).isNull();
        assertThat(names.look("music").found().isDirectory()).isTrue();
        Files.createSymbolicLink(drive.root().resolve("music/out.mp3"), outside.resolve("passwd"));
        assertThatThrownBy(() -> names.look("music/out.mp3")).hasMessageContaining("symbolic link leads outside");
    }
}
