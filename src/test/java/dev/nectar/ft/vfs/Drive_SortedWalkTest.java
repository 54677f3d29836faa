package dev.nectar.ft.vfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A walk hands files over in the order of their full names, folder by folder, without sorting the whole drive. */
class Drive_SortedWalkTest {
    @TempDir
    Path root;

    @Test
    void filesArriveInTheOrderOfTheirNamesEvenWhereAFoldersNameIsAPrefixOfAFilesName() throws Exception {
        TreeMap<String, Long> expected = new TreeMap<>();
        List<String> tricky = List.of("a", "a.b/c", "a-b", "a/b", "a/b.c", "a/b/c", "ab", "a0/x", "b/a/a", "b/a.a", "ü/x", "z");
        Random random = new Random(11);
        List<String> names = new ArrayList<>();
        for (String name : tricky) {
            names.add(name.equals("a") ? "a/one" : name.equals("a/b") ? "a/b/two" : name);
        }
        String[] segments = {"a", "a.", "a-", "a0", "b", "B", "é"};
        for (int i = 0; i < 200; i++) {
            names.add(segments[random.nextInt(segments.length)] + "/" + segments[random.nextInt(segments.length)] + "x" + i
                    + (random.nextBoolean() ? "" : "/" + segments[random.nextInt(segments.length)] + "f"));
        }
        for (String name : names) {
            Path file = root.resolve(name);
            if (Files.isDirectory(file) || hasFileAncestor(file)) {
                continue;
            }
            Files.createDirectories(file.getParent());
            Files.writeString(file, name);
            expected.put(name, (long) name.length());
        }
        Drive drive = Drive.open(root);
        List<String> walked = new ArrayList<>();

        drive.walk(entry -> walked.add(entry.name()));

        assertThat(walked).containsExactlyElementsOf(expected.keySet());
    }

    @Test
    void emptyFoldersComeInTheirPlaceWhenAskedForAndOnlyThoseInWhichNothingIsListed() throws Exception {
        Files.createDirectories(root.resolve("a/empty"));
        Files.createDirectories(root.resolve("a/only-empty-below/deep/er"));
        Files.createDirectories(root.resolve("b"));
        Files.writeString(root.resolve("a/file"), "x");
        Files.writeString(root.resolve("b/.c.ft-partial"), "unfinished");
        Files.createDirectories(root.resolve("c"));
        Files.createSymbolicLink(root.resolve("c/dangling"), root.resolve("nowhere"));
        Files.createDirectories(root.resolve("d"));
        Files.writeString(root.resolve("d.txt"), "x");
        Drive drive = Drive.open(root);
        List<String> walked = new ArrayList<>();
        List<String> filesOnly = new ArrayList<>();

        drive.walkWithEmptyFolders(entry -> walked.add(entry.name() + (entry.isFolder() ? " (folder)" : "")));
        drive.walk(entry -> filesOnly.add(entry.name()));

        assertThat(walked).containsExactly("a/empty/ (folder)", "a/file", "a/only-empty-below/deep/er/ (folder)", "b/ (folder)",
                "c/ (folder)", "d.txt", "d/ (folder)");
        assertThat(filesOnly).containsExactly("a/file", "d.txt");
    }

    private boolean hasFileAncestor(Path file) {
        for (Path up = file.getParent(); up != null && up.startsWith(root); up = up.getParent()) {
            if (Files.isRegularFile(up)) {
                return true;
            }
        }
        return false;
    }
}
