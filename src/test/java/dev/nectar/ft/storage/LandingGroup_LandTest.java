package dev.nectar.ft.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nectar.ft.home.Fsync;
import dev.nectar.ft.vfs.Drive;
import dev.nectar.ft.wire.FileManifest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Small files landing together, against a real folder, with both ways of making them durable: whole file systems
 * (syncfs, where Linux has it) and each file and folder.
 */
class LandingGroup_LandTest {
    private static final long MTIME = 1_700_000_000_000L;

    @TempDir
    Path directory;

    private static FileManifest manifestOf(String name, byte[] bytes) {
        var digest = FileManifest.sha256();
        digest.update(bytes);
        List<String> hashes = List.of(FileManifest.hex(digest.digest()));
        return new FileManifest(name, bytes.length, MTIME, FileManifest.DEFAULT_CHUNK_SIZE, hashes, FileManifest.fileHashOf(hashes));
    }

    private LandingGroup group(boolean wholeFileSystems) {
        if (wholeFileSystems) {
            assumeTrue(Fsync.syncsWhole(directory), "this system has no syncfs, or the temporary folder's file system does not honour it");
        }
        return new LandingGroup(folder -> wholeFileSystems);
    }

    private static boolean add(LandingGroup group, int file, Path target, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return group.add(file, target, manifestOf(target.getFileName().toString(), bytes), ByteBuffer.wrap(bytes), false);
    }

    @ParameterizedTest(name = "whole file systems: {0}")
    @ValueSource(booleans = {true, false})
    void filesOfSeveralFoldersLandUnderTheirNamesWithTheSendersTime(boolean wholeFileSystems) throws IOException {
        LandingGroup group = group(wholeFileSystems);
        Path letter = directory.resolve("letters/dear.txt");
        Path note = directory.resolve("notes/deep/note.txt");
        Path empty = directory.resolve("empty");
        assertThat(add(group, 0, letter, "dear friend")).isTrue();
        assertThat(add(group, 1, note, "remember the milk")).isTrue();
        assertThat(add(group, 2, empty, "")).isTrue();
        assertThat(Files.exists(letter)).as("not under its name before it lands").isFalse();
        assertThat(Files.getLastModifiedTime(Drive.partialPathOf(note)).toMillis()).as("the sender's time, made durable with the bytes")
                .isEqualTo(MTIME);

        List<LandingGroup.Outcome> outcomes = group.land(file -> true);

        assertThat(outcomes).allMatch(LandingGroup.Outcome::landed).extracting(LandingGroup.Outcome::file).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(Files.readString(letter)).isEqualTo("dear friend");
        assertThat(Files.readString(note)).isEqualTo("remember the milk");
        assertThat(Files.size(empty)).isZero();
        assertThat(Files.getLastModifiedTime(note).toMillis()).isEqualTo(MTIME);
        assertThat(Files.exists(Drive.partialPathOf(letter))).isFalse();
        assertThat(group.size()).isZero();
        assertThat(group.land(file -> true)).as("nothing written since").isEmpty();
    }

    @ParameterizedTest(name = "whole file systems: {0}")
    @ValueSource(booleans = {true, false})
    void bytesThatAreNotTheManifestsAreNotWrittenAndAFileNoLongerWantedLeavesNoTrace(boolean wholeFileSystems) throws IOException {
        LandingGroup group = group(wholeFileSystems);
        Path kept = directory.resolve("kept.txt");
        Path dropped = directory.resolve("dropped.txt");
        Path forged = directory.resolve("forged.txt");
        byte[] real = "the real thing".getBytes(StandardCharsets.UTF_8);
        assertThat(group.add(7, forged, manifestOf("forged.txt", real), ByteBuffer.wrap("a forgery!!!!!".getBytes(StandardCharsets.UTF_8)), false))
                .isFalse();
        assertThat(Files.exists(Drive.partialPathOf(forged))).isFalse();
        assertThat(add(group, 0, kept, "kept")).isTrue();
        assertThat(add(group, 1, dropped, "dropped")).isTrue();

        List<LandingGroup.Outcome> outcomes = group.land(file -> file != 1);

        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.file()).isZero();
            assertThat(outcome.landed()).isTrue();
        });
        assertThat(Files.exists(dropped)).isFalse();
        assertThat(Files.exists(Drive.partialPathOf(dropped))).isFalse();
        assertThat(Files.exists(forged)).isFalse();
    }

    @ParameterizedTest(name = "whole file systems: {0}")
    @ValueSource(booleans = {true, false})
    void aFileWhoseFolderVanishedBeforeItLandedFailsWithWhyAndTheOthersLand(boolean wholeFileSystems) throws IOException {
        LandingGroup group = group(wholeFileSystems);
        Path gone = directory.resolve("gone/file.txt");
        Path staying = directory.resolve("staying/file.txt");
        assertThat(add(group, 0, gone, "soon gone")).isTrue();
        assertThat(add(group, 1, staying, "here to stay")).isTrue();
        try (Stream<Path> files = Files.walk(gone.getParent())) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }

        List<LandingGroup.Outcome> outcomes = group.land(file -> true);

        assertThat(outcomes).hasSize(2);
        LandingGroup.Outcome failed = outcomes.stream().filter(outcome -> outcome.file() == 0).findFirst().orElseThrow();
        assertThat(failed.landed()).isFalse();
        assertThat(failed.failure()).isNotNull();
        assertThat(failed.failure().toString()).contains("gone");
        assertThat(outcomes.stream().filter(outcome -> outcome.file() == 1).findFirst().orElseThrow().landed()).isTrue();
        assertThat(Files.readString(staying)).isEqualTo("here to stay");
        assertThat(Files.exists(gone)).isFalse();
    }

    @ParameterizedTest(name = "whole file systems: {0}")
    @ValueSource(booleans = {true, false})
    void aNameTakenByTheSameBytesIsWhereTheFileLandsAndOneTakenByOthersGetsANumber(boolean wholeFileSystems) throws IOException {
        LandingGroup group = group(wholeFileSystems);
        Path same = directory.resolve("same.txt");
        Path other = directory.resolve("other.txt");
        Files.writeString(same, "landed before");
        Files.writeString(other, "someone else's");
        assertThat(add(group, 0, same, "landed before")).isTrue();
        assertThat(add(group, 1, other, "ours")).isTrue();

        List<LandingGroup.Outcome> outcomes = group.land(file -> true);

        assertThat(outcomes).allMatch(LandingGroup.Outcome::landed).extracting(LandingGroup.Outcome::landedAt)
                .containsExactlyInAnyOrder(same, directory.resolve("other (1).txt"));
        assertThat(Files.readString(same)).isEqualTo("landed before");
        assertThat(Files.readString(other)).isEqualTo("someone else's");
        assertThat(Files.readString(directory.resolve("other (1).txt"))).isEqualTo("ours");
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).as("no partial file and no copy of the same bytes").hasSize(3);
        }
    }

    @ParameterizedTest(name = "whole file systems: {0}")
    @ValueSource(booleans = {true, false})
    void aNodeStoppingWhileItLandsLeavesATakenNameAsItIsAndMakesNoCopy(boolean wholeFileSystems) throws IOException {
        LandingGroup group = group(wholeFileSystems);
        Path same = directory.resolve("same.txt");
        Files.writeString(same, "landed before a stop that came before its journal");
        assertThat(add(group, 0, same, "landed before a stop that came before its journal")).isTrue();

        // As a node's stop does to the thread that lands: reading the taken name to compare it fails.
        Thread.currentThread().interrupt();
        List<LandingGroup.Outcome> outcomes;
        try {
            outcomes = group.land(file -> true);
        } finally {
            Thread.interrupted();
        }

        assertThat(outcomes).singleElement().satisfies(outcome -> assertThat(outcome.landed()).isFalse());
        assertThat(Files.readString(same)).isEqualTo("landed before a stop that came before its journal");
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).as("no numbered copy, no partial file").containsExactly(same);
        }
    }

    @Test
    void aGroupWithFoldersOnFileSystemsSyncedWholeAndNotLandsThemAll() throws IOException {
        assumeTrue(Fsync.syncsWhole(directory), "this system has no syncfs, or the temporary folder's file system does not honour it");
        // As a destination whose subfolder is a network mount would be: that folder's files are fsynced one by one.
        LandingGroup group = new LandingGroup(folder -> !folder.endsWith("mounted"));
        Path local = directory.resolve("local/a.txt");
        Path mounted = directory.resolve("mounted/b.txt");
        assertThat(add(group, 0, local, "on the disk")).isTrue();
        assertThat(add(group, 1, mounted, "over the network")).isTrue();

        assertThat(group.land(file -> true)).allMatch(LandingGroup.Outcome::landed).hasSize(2);
        assertThat(Files.readString(local)).isEqualTo("on the disk");
        assertThat(Files.readString(mounted)).isEqualTo("over the network");
    }
}
