package dev.nectar.ft.transfer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nectar.ft.home.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journals of unfinished downloads in the home's {@code journals/}: one file per transfer, and one file per
 * group of transfers asked for together (a folder), so that thousands of downloads start with one fsync rather
 * than thousands. A transfer's own file, once written (a pause, progress, a retry), stands for it instead of its
 * entry in a group; a group file goes once all of its transfers ended.
 *
 * <p>Transfers of a group that end are appended to the group's ended list ({@code group-*.ended}, an id a line)
 * rather than the group being rewritten each time: a folder of 10,000 files landing 128 at a time rewrote its group
 * (some 2 MB) 78 times. The group is rewritten once half of the entries in its file have ended, so what is written
 * over a group's life stays within twice its size.
 */
public final class JournalStore {
    private static final Logger LOG = LoggerFactory.getLogger(JournalStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ID = Pattern.compile("worker-[0-9a-f]{12}");
    private static final String GROUP_PREFIX = "group-";
    private static final String FOLDER_PREFIX = "folder-";
    private static final String ENDED_SUFFIX = ".ended";

    private final Path directory;
    /** Transfer id to the group file holding its entry, and each group by its file's name. */
    private final Map<String, String> groupOf = new HashMap<>();
    private final Map<String, Group> groups = new HashMap<>();
    /**
     * The transfers with a file of their own (written here, or found by {@link #readAll}): most transfers of a folder
     * never get one, and an unlink per ended file that finds nothing cost a fiftieth of a small-file download's CPU.
     */
    private final Set<String> ownFiles = ConcurrentHashMap.newKeySet();

    public JournalStore(Path directory) {
        this.directory = directory;
    }

    /** Writes the journal durably: temporary file, fsync, rename, fsync of the directory. */
    void save(Journal journal) throws IOException {
        ownFiles.add(journal.id());
        AtomicFile.write(fileOf(journal.id()), JSON.writeValueAsBytes(journal));
    }

    /** Writes new journals durably, as one group file: one fsync for all of them. */
    void createAll(List<Journal> created) throws IOException {
        if (created.isEmpty()) {
            return;
        }
        String group = GROUP_PREFIX + created.getFirst().id().substring("worker-".length());
        Map<String, Journal> entries = new LinkedHashMap<>();
        created.forEach(journal -> entries.put(journal.id(), journal));
        synchronized (groups) {
            Files.createDirectories(directory);
            AtomicFile.write(groupFile(group), JSON.writeValueAsBytes(List.copyOf(entries.values())));
            groups.put(group, new Group(entries, entries.size()));
            entries.keySet().forEach(id -> groupOf.put(id, group));
        }
    }

    /** Writes a folder download's journal durably. */
    void save(FolderJournal folder) throws IOException {
        Files.createDirectories(directory);
        AtomicFile.write(folderFile(folder.id()), JSON.writeValueAsBytes(folder));
    }

    /** Forgets a folder download for good. */
    void deleteFolder(String id) {
        try {
            Files.deleteIfExists(folderFile(id));
        } catch (IOException e) {
            LOG.warn("cannot remove the journal of the folder download {}: {}", id, e.getMessage());
        }
    }

    /** Forgets a transfer for good; durably, so that a crash does not bring it back. */
    void delete(String id) {
        deleteDurably(List.of(id));
    }

    /** Forgets transfers for good, with one durable rewrite of each group they were in. */
    void deleteDurably(List<String> ids) {
        ids.forEach(this::deleteOwnFile);
        forgetInGroups(ids, true);
    }

    /**
     * Forgets transfers that ended, with one rewrite of each group they were in. Not fsynced: a crash may bring
     * some back, and a resumed download of a file already in place ends at once without moving a byte.
     */
    void deleteAll(List<String> ids) {
        ids.forEach(this::deleteOwnFile);
        forgetInGroups(ids, false);
    }

    private void deleteOwnFile(String id) {
        if (!ownFiles.remove(id)) {
            return;
        }
        try {
            Files.deleteIfExists(fileOf(id));
        } catch (IOException e) {
            LOG.warn("cannot remove the journal of {}: {}", id, e.getMessage());
        }
    }

    private void forgetInGroups(List<String> ids, boolean durably) {
        synchronized (groups) {
            Map<String, List<String>> endedByGroup = new LinkedHashMap<>();
            for (String id : ids) {
                String group = groupOf.remove(id);
                if (group != null) {
                    groups.get(group).open().remove(id);
                    endedByGroup.computeIfAbsent(group, name -> new ArrayList<>()).add(id);
                }
            }
            endedByGroup.forEach((name, ended) -> {
                Group group = groups.get(name);
                try {
                    if (group.open().isEmpty()) {
                        groups.remove(name);
                        Files.deleteIfExists(groupFile(name));
                        Files.deleteIfExists(endedFile(name));
                    } else if (durably || 2 * group.open().size() <= group.inFile()) {
                        rewrite(name, group, durably);
                    } else {
                        Files.writeString(endedFile(name), String.join("\n", ended) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    }
                } catch (IOException e) {
                    LOG.warn("cannot record the end of {} transfers of the journal group {}: {}", ended.size(), name, e.getMessage());
                }
            });
        }
    }

    /** Writes a group's file anew with its open entries only; its ended list is then of no use. */
    private void rewrite(String name, Group group, boolean durably) throws IOException {
        byte[] content = JSON.writeValueAsBytes(List.copyOf(group.open().values()));
        if (durably) {
            AtomicFile.write(groupFile(name), content);
        } else {
            AtomicFile.replaceCacheEntry(groupFile(name), content);
        }
        groups.put(name, new Group(group.open(), group.open().size()));
        Files.deleteIfExists(endedFile(name));
    }

    /** The journal of transfer {@code id}, if it has a readable one. */
    Optional<Journal> find(String id) {
        Path file = fileOf(id);
        if (!ownFiles.contains(id) || !Files.exists(file)) {
            synchronized (groups) {
                String group = groupOf.get(id);
                return group == null ? Optional.empty() : Optional.ofNullable(groups.get(group).open().get(id));
            }
        }
        try {
            return Optional.of(read(file));
        } catch (IOException | RuntimeException e) {
            LOG.warn("skipping the damaged journal {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    /** What the journals hold when the node starts: unfinished downloads, and folder downloads. */
    record Contents(List<Journal> transfers, List<FolderJournal> folders) {}

    /**
     * Every readable journal, in one listing of the directory: a transfer's own file before its group entry, and the
     * folder downloads'; a damaged one is reported and skipped, never fatal. Reads the groups into memory, so call it
     * once, when the node starts; it also removes the temporary file of a journal write that a crash cut short (the
     * journal before it is still whole).
     */
    Contents readAll() {
        Map<String, Journal> journals = new LinkedHashMap<>();
        List<FolderJournal> folders = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return new Contents(List.of(), List.of());
        }
        List<Path> groupFiles = new ArrayList<>();
        List<Path> endedFiles = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                if (AtomicFile.isTemporary(file)) {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException e) {
                        LOG.warn("cannot remove {}, left by a crash: {}", file, e.getMessage());
                    }
                    continue;
                }
                String name = file.getFileName().toString();
                if (name.startsWith(GROUP_PREFIX) && name.endsWith(ENDED_SUFFIX)) {
                    endedFiles.add(file);
                    continue;
                }
                if (!name.endsWith(".json")) {
                    continue;
                }
                if (name.startsWith(GROUP_PREFIX)) {
                    groupFiles.add(file);
                    continue;
                }
                String id = name.substring(0, name.length() - ".json".length());
                if (ID.matcher(id).matches()) {
                    ownFiles.add(id);
                }
                try {
                    if (name.startsWith(FOLDER_PREFIX)) {
                        folders.add(readFolder(file));
                    } else {
                        Journal journal = read(file);
                        journals.put(journal.id(), journal);
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.warn("skipping the damaged journal {}: {}", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list the journals in {}: {}", directory, e.getMessage());
        }
        synchronized (groups) {
            for (Path file : groupFiles) {
                String group = file.getFileName().toString().replace(".json", "");
                try {
                    Journal[] inFile = JSON.readValue(file.toFile(), Journal[].class);
                    Set<String> ended = ended(group);
                    Map<String, Journal> open = new LinkedHashMap<>();
                    for (Journal journal : inFile) {
                        fileOf(journal.id());
                        if (!ended.contains(journal.id())) {
                            open.put(journal.id(), journal);
                            groupOf.put(journal.id(), group);
                            journals.putIfAbsent(journal.id(), journal);
                        }
                    }
                    if (open.isEmpty()) {
                        // Every transfer of it ended and a crash came before the group went.
                        Files.deleteIfExists(file);
                    } else {
                        groups.put(group, new Group(open, inFile.length));
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.warn("skipping the damaged journal group {}: {}", file, e.getMessage());
                }
            }
            for (Path file : endedFiles) {
                String group = file.getFileName().toString().replace(ENDED_SUFFIX, "");
                if (!groups.containsKey(group)) {
                    // Its group went and a crash came before it did.
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException e) {
                        LOG.warn("cannot remove {}, left by a crash: {}", file, e.getMessage());
                    }
                }
            }
        }
        return new Contents(List.copyOf(journals.values()), List.copyOf(folders));
    }

    /**
     * The ids in a group's ended list; a line that is not an id (the end of an append that a crash cut short) is
     * skipped, so that transfer is only resumed, and finds its file in place.
     */
    private Set<String> ended(String group) throws IOException {
        Path file = endedFile(group);
        if (!Files.exists(file)) {
            return Set.of();
        }
        Set<String> ids = new HashSet<>();
        for (String line : Files.readAllLines(file)) {
            if (ID.matcher(line).matches()) {
                ids.add(line);
            }
        }
        return ids;
    }

    private FolderJournal readFolder(Path file) throws IOException {
        FolderJournal folder = JSON.readValue(file.toFile(), FolderJournal.class);
        if (!file.equals(folderFile(folder.id()))) {
            throw new IOException("its id does not match its file name");
        }
        return folder;
    }

    private static Journal read(Path file) throws IOException {
        Journal journal = JSON.readValue(file.toFile(), Journal.class);
        if (!ID.matcher(journal.id()).matches() || !file.getFileName().toString().equals(journal.id() + ".json")) {
            throw new IOException("its id does not match its file name");
        }
        return journal;
    }

    private Path groupFile(String group) {
        return directory.resolve(group + ".json");
    }

    private Path endedFile(String group) {
        return directory.resolve(group + ENDED_SUFFIX);
    }

    private Path folderFile(String id) {
        return directory.resolve(FOLDER_PREFIX + checked(id).substring("worker-".length()) + ".json");
    }

    private Path fileOf(String id) {
        return directory.resolve(checked(id) + ".json");
    }

    /** A group's transfers still open, in the order asked for, and how many entries its file holds. */
    private record Group(Map<String, Journal> open, int inFile) {}

    /** {@code id}, once it is known to be a transfer id: no other name becomes a path in the journals directory. */
    private static String checked(String id) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("'" + id + "' is not a transfer id");
        }
        return id;
    }
}
