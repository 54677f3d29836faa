package dev.nectar.ft.vfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sandboxed directory. Every name from the network or a client goes through {@link #resolve}: names are
 * relative, '/'-separated, and may not climb out of the drive by any means (no '..', no absolute path, no
 * drive letter, no NUL or control character, no symlink that leads outside).
 */
public final class Drive {
    public static final int MAX_NAME_BYTES = 4096;
    public static final int MAX_SEGMENT_BYTES = 255;
    private static final String PARTIAL_SUFFIX = ".ft-partial";

    private static final Logger LOG = LoggerFactory.getLogger(Drive.class);
    private final Path root;
    /** What the last walk said it left out, so that the log says it again only when that changes. */
    private volatile String lastUnaskable = "";

    private Drive(Path root) {
        this.root = root;
    }

    /** Opens (creating if needed) the drive rooted at {@code directory}. */
    public static Drive open(Path directory) throws IOException {
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new NotDirectoryException(directory.toString());
        }
        Files.createDirectories(directory);
        return new Drive(directory.toRealPath());
    }

    public Path root() {
        return root;
    }

    /** The hidden name under which a file is assembled before it is renamed to {@code finalPath}. */
    public static Path partialPathOf(Path finalPath) {
        String name = finalPath.getFileName().toString();
        String partial = "." + name + PARTIAL_SUFFIX;
        if (partial.getBytes(StandardCharsets.UTF_8).length <= MAX_SEGMENT_BYTES) {
            return finalPath.resolveSibling(partial);
        }
        // A name near the file system's limit leaves no room for the dot and suffix: the partial file keeps as much of
        // it as fits and a hash of the whole, so that two long names with one beginning still get one partial each.
        String hash = HexFormat.of().formatHex(sha256(name), 0, 4);
        int room = MAX_SEGMENT_BYTES - ".".length() - "~".length() - hash.length() - PARTIAL_SUFFIX.length();
        return finalPath.resolveSibling("." + beginningWithin(name, room) + "~" + hash + PARTIAL_SUFFIX);
    }

    /**
     * The longest beginning of {@code text} whose UTF-8 takes at most {@code bytes}, whole characters only: how a name
     * made from another (a partial file's, a numbered copy's) stays within {@link #MAX_SEGMENT_BYTES}.
     */
    public static String beginningWithin(String text, int bytes) {
        int used = 0;
        int end = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (used + size > bytes) {
                break;
            }
            used += size;
            end += Character.charCount(codePoint);
        }
        return text.substring(0, end);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static boolean isPartial(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.endsWith(PARTIAL_SUFFIX);
    }

    /** The path inside the drive that {@code name} denotes; the file need not exist yet. */
    public Path resolve(String name) throws PathRefusedException {
        return resolver().resolve(name);
    }

    /** A resolver for the many names of one request (see {@link Resolver}). */
    public Resolver resolver() {
        return new Resolver();
    }

    /**
     * Resolves the names of one request ({@link #resolve} is one name with a resolver of its own), checking each
     * folder's real path once per request instead of once per name. A name is looked at itself with one lstat: if it
     * is a link, it is checked in full; if not (missing, a file, a folder), it is inside whenever its folder is, and a
     * full check of it tells its folder's verdict too. Measured on folders of 10,000 files: the stat and realpath
     * calls of a check per name took 21 % of the receiving node's CPU during {@code POST /api/downloads}, and a
     * fifth of the sending node's while it read the files. A folder found missing stays missing for the resolver.
     */
    public final class Resolver {
        private final Set<Path> foldersInside = new HashSet<>();
        /**
         * Each folder seen, and whether it was missing: nothing can be below a missing folder, so its names need no
         * look of their own. A folder of 10,000 files downloaded to a new place cost 10,000 lstats that found
         * nothing, each a JDK exception (7 % of the receiving node's CPU, docs/benchmarks.md); now one per folder.
         */
        private final Map<Path, Boolean> foldersMissing = new HashMap<>();

        private Resolver() {}

        public Path resolve(String name) throws PathRefusedException {
            String relative = normalizedName(name);
            return relative.isEmpty() ? root : below(name, relative).path();
        }

        /**
         * As {@link #resolve}, with what the resolver's own look found at the name, for a caller that would look
         * again: one lstat per file of a batch fewer.
         */
        public Looked look(String name) throws PathRefusedException {
            String relative = normalizedName(name);
            return relative.isEmpty() ? new Looked(root, lookAtRoot()) : below(name, relative);
        }

        /** The name {@code relative} (checked, not empty) below the root, looked at once. */
        private Looked below(String name, String relative) throws PathRefusedException {
            Path candidate = root;
            for (String segment : relative.split("/")) {
                candidate = candidate.resolve(segment);
            }
            Path folder = candidate.getParent();
            BasicFileAttributes found = null;
            boolean link = false;
            if (!missing(folder)) {
                try {
                    found = lookAt(candidate);
                    link = found != null && found.isSymbolicLink();
                } catch (IOException unreadable) {
                    // Checked in full, as a link is.
                    link = true;
                }
            }
            if (link || !foldersInside.contains(folder)) {
                requireInside(name, candidate);
                // Inside, and not a link itself (missing, or anything else): so is its folder.
                if (!link) {
                    foldersInside.add(folder);
                }
            }
            if (isPartial(candidate)) {
                throw new PathRefusedException(name, "names of unfinished downloads are private");
            }
            return new Looked(candidate, found);
        }

        /** Whether {@code folder} (below the root) was missing when first asked about, or a folder above it was. */
        private boolean missing(Path folder) {
            if (folder.equals(root)) {
                return false;
            }
            Boolean known = foldersMissing.get(folder);
            if (known == null) {
                known = missing(folder.getParent()) || lookMissing(folder);
                foldersMissing.put(folder, known);
            }
            return known;
        }

        private static boolean lookMissing(Path folder) {
            try {
                return lookAt(folder) == null;
            } catch (IOException unreadable) {
                // Not known to be missing: its names are looked at one by one.
                return false;
            }
        }
    }

    /**
     * A name resolved inside the drive, and what was there when the resolver looked, without following a link: null
     * if nothing was, or it could not be looked at.
     */
    public record Looked(Path path, BasicFileAttributes found) {}

    /** What is at {@code path}, without following a link; null if nothing is. */
    private static BasicFileAttributes lookAt(Path path) throws IOException {
        // Asked without an exception for a missing name: a batch of downloads asks for every file it lands.
        return path.getFileSystem().provider().readAttributesIfExists(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    private BasicFileAttributes lookAtRoot() {
        try {
            return lookAt(root);
        } catch (IOException unreadable) {
            return null;
        }
    }

    /** The name relative to the drive ('/'-separated) of a path inside it. */
    public String nameOf(Path path) {
        Path relative = root.relativize(path.toAbsolutePath().normalize());
        List<String> segments = new ArrayList<>();
        relative.forEach(segment -> segments.add(segment.toString()));
        return String.join("/", segments);
    }

    /**
     * Checks {@code name} as a relative name and returns it without a trailing '/'. The empty name (or "/")
     * is the drive itself.
     */
    static String normalizedName(String name) throws PathRefusedException {
        if (name == null) {
            throw new PathRefusedException("", "no name given");
        }
        refuseWhatNoNameHolds("", name);
        if (name.equals("/") || name.isEmpty()) {
            return "";
        }
        if (name.startsWith("/")) {
            throw new PathRefusedException(name, "absolute paths are not allowed; names are relative to the drive");
        }
        String relative = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        for (String segment : relative.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new PathRefusedException(name, "contains an empty folder name ('//')");
            }
            if (segment.equals("..")) {
                throw new PathRefusedException(name, "'..' would leave the drive");
            }
            if (segment.equals(".")) {
                throw new PathRefusedException(name, "'.' is not allowed as a folder name");
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                throw new PathRefusedException(name, "a component is longer than " + MAX_SEGMENT_BYTES + " bytes");
            }
        }
        return relative;
    }

    /** Refuses a path whose deepest existing ancestor (symlinks followed) is outside the drive. */
    private void requireInside(String name, Path candidate) throws PathRefusedException {
        Path existing = candidate;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new PathRefusedException(name, "is outside the drive");
        }
        try {
            Path real = existing.toRealPath();
            if (!real.startsWith(root)) {
                throw new PathRefusedException(name, "a symbolic link leads outside the drive");
            }
        } catch (IOException e) {
            throw new PathRefusedException(name, "a symbolic link is broken or unreadable");
        }
    }

    /**
     * Hands every file of the drive to {@code files}, sorted by name, and returns every folder with its modification
     * time, from one walk. Adding, removing or renaming an entry changes the time of its folder, so comparing these
     * times tells whether a listing is still current without walking again. A folder's time is read before its
     * entries. Entries no peer could ask for by name (a backslash, a control character) are left out, and said in the
     * log when they change. The walk holds one folder's names at a time, not the drive's: a listing of a million files can be
     * kept in a compact form as it arrives.
     */
    public Map<Path, FileTime> walk(Consumer<DriveEntry> files) throws IOException {
        Map<Path, FileTime> folders = new HashMap<>();
        Unaskable unaskable = new Unaskable();
        walk(root, "", folders, files, false, unaskable);
        report(unaskable);
        return folders;
    }

    /**
     * As {@link #walk}, and each folder under the drive in which the walk finds nothing, no file and no folder of its
     * own, in its place in the order ({@link DriveEntry#isFolder}): a copy of the drive's tree needs those made, and
     * the others are made by the files in them.
     */
    public Map<Path, FileTime> walkWithEmptyFolders(Consumer<DriveEntry> entries) throws IOException {
        Map<Path, FileTime> folders = new HashMap<>();
        Unaskable unaskable = new Unaskable();
        walk(root, "", folders, entries, true, unaskable);
        report(unaskable);
        return folders;
    }

    /**
     * The entries a walk left out because no peer could ask for them by name (a backslash, a control character, a
     * drive letter in front, a name over {@link #MAX_NAME_BYTES}): how many, and the first few for the log.
     */
    private static final class Unaskable {
        private static final int EXAMPLES = 3;
        private final List<String> examples = new ArrayList<>();
        private long count;

        void add(PathRefusedException refused) {
            count++;
            if (examples.size() < EXAMPLES) {
                examples.add(refused.getMessage());
            }
        }

        String summary() {
            return count == 0 ? "" : count + " not shared, as no peer could ask for them by name: " + String.join(", ", examples)
                    + (count > examples.size() ? ", ..." : "");
        }
    }

    /**
     * Says in the log which entries the drive cannot share, once for each change of them: walks come every few
     * seconds, and the owner needs to hear of it once, not each time.
     */
    private void report(Unaskable unaskable) {
        String summary = unaskable.summary();
        if (!summary.equals(lastUnaskable)) {
            lastUnaskable = summary;
            if (!summary.isEmpty()) {
                LOG.warn("{}: {}", root, summary);
            }
        }
    }

    /**
     * Refuses the name {@code prefix + rest} for what it holds, wherever it is found: over {@link #MAX_NAME_BYTES}, a
     * NUL or other control character, a backslash, a drive letter in front. {@code prefix} (a folder's name, a walk
     * went through it) was checked before, so only {@code rest} is looked through: the resolver checks whole names
     * with {@code prefix} empty, a walk each entry of a folder.
     */
    private static void refuseWhatNoNameHolds(String prefix, String rest) throws PathRefusedException {
        // UTF-8 takes at most three bytes per char: most names are plainly short enough without encoding them.
        if ((prefix.length() + rest.length()) * 3 > MAX_NAME_BYTES
                && (prefix + rest).getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new PathRefusedException(prefix + rest, "longer than " + MAX_NAME_BYTES + " bytes");
        }
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == 0) {
                throw new PathRefusedException(prefix + rest, "contains a NUL character");
            }
            if (Character.isISOControl(c)) {
                throw new PathRefusedException(prefix + rest, "contains a control character");
            }
            if (c == '\\') {
                throw new PathRefusedException(prefix + rest, "contains a backslash; use '/' between folders");
            }
        }
        if (prefix.isEmpty() && rest.length() >= 2 && rest.charAt(1) == ':' && Character.isLetter(rest.charAt(0))) {
            throw new PathRefusedException(rest, "drive letters are not allowed; names are relative to the drive");
        }
    }

    /**
     * A folder's entry while its folder is walked, from one stat: a folder's key ends in '/', so that keys sort as
     * full names do. No path and no attributes object: a folder of a million files costs some 100 bytes each here.
     */
    private record Child(String key, boolean folder, boolean link, long size, long modifiedMillis) {
        String fileName() {
            return folder ? key.substring(0, key.length() - 1) : key;
        }
    }

    /**
     * The files under the folder {@code start}, whose names begin with {@code prefix}, in the order of their names:
     * each folder's entries are sorted by name, a folder's with a '/' after it ("a.txt" comes before "a/b"), and
     * folders are entered in that order. True if it handed anything to {@code files}.
     */
    private boolean walk(Path start, String prefix, Map<Path, FileTime> folders, Consumer<DriveEntry> files, boolean emptyFolders,
                         Unaskable unaskable) throws IOException {
        try {
            folders.put(start, Files.getLastModifiedTime(start, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException gone) {
            return true;
        }
        List<Child> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(start)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (isPartial(entry)) {
                    continue;
                }
                try {
                    refuseWhatNoNameHolds(prefix, name);
                } catch (PathRefusedException refused) {
                    unaskable.add(refused);
                    continue;
                }
                try {
                    BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (attributes.isOther()) {
                        continue;
                    }
                    children.add(new Child(attributes.isDirectory() ? name + "/" : name, attributes.isDirectory(), attributes.isSymbolicLink(),
                            attributes.size(), attributes.lastModifiedTime().toMillis()));
                } catch (IOException gone) {
                    // Removed since the folder was read: a removal changed the folder's time, so the next asker walks again.
                }
            }
        } catch (IOException | DirectoryIteratorException unreadable) {
            // A folder that cannot be read lists nothing, as one that vanished mid-walk; nor is it shown as empty.
            return true;
        }
        children.sort(Comparator.comparing(Child::key));
        boolean found = false;
        for (Child child : children) {
            if (child.folder()) {
                found |= walk(start.resolve(child.fileName()), prefix + child.key(), folders, files, emptyFolders, unaskable);
            } else if (child.link()) {
                found |= linked(start.resolve(child.key()), prefix + child.key(), files);
            } else {
                files.accept(new DriveEntry(prefix + child.key(), child.size(), child.modifiedMillis()));
                found = true;
            }
        }
        if (!found && emptyFolders && !prefix.isEmpty()) {
            files.accept(DriveEntry.emptyFolder(prefix));
            return true;
        }
        return found;
    }

    /** A link to a regular file inside the drive is listed as that file; others name nothing to download. */
    private boolean linked(Path link, String name, Consumer<DriveEntry> files) {
        try {
            Path target = link.toRealPath();
            if (target.startsWith(root) && Files.isRegularFile(target)) {
                BasicFileAttributes attributes = Files.readAttributes(target, BasicFileAttributes.class);
                files.accept(new DriveEntry(name, attributes.size(), attributes.lastModifiedTime().toMillis()));
                return true;
            }
        } catch (IOException brokenLink) {
            // A dangling link names nothing that could be downloaded.
        }
        return false;
    }
}
