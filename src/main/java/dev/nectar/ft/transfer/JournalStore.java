package dev.nectar.ft.transfer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nectar.ft.home.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The journals of unfinished downloads, one file per transfer in the home's {@code journals/}. */
public final class JournalStore {
    private static final Logger LOG = LoggerFactory.getLogger(JournalStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ID = Pattern.compile("worker-[0-9a-f]{12}");

    private final Path directory;

    public JournalStore(Path directory) {
        this.directory = directory;
    }

    /** Writes the journal durably: temporary file, fsync, rename, fsync of the directory. */
    void save(Journal journal) throws IOException {
        AtomicFile.write(fileOf(journal.id()), JSON.writeValueAsBytes(journal));
    }

    void delete(String id) {
        try {
            Files.deleteIfExists(fileOf(id));
        } catch (IOException e) {
            LOG.warn("cannot remove the journal of {}: {}", id, e.getMessage());
        }
    }

    /** The journal of transfer {@code id}, if it has a readable one. */
    Optional<Journal> find(String id) {
        Path file = fileOf(id);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(read(file));
        } catch (IOException | RuntimeException e) {
            LOG.warn("skipping the damaged journal {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    /** Every readable journal; a damaged one is reported and skipped, never fatal. */
    List<Journal> all() {
        List<Journal> journals = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return journals;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(path -> path.getFileName().toString().endsWith(".json")).sorted().toList()) {
                try {
                    journals.add(read(file));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("skipping the damaged journal {}: {}", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list the journals in {}: {}", directory, e.getMessage());
        }
        return journals;
    }

    private static Journal read(Path file) throws IOException {
        Journal journal = JSON.readValue(file.toFile(), Journal.class);
        if (!ID.matcher(journal.id()).matches() || !file.getFileName().toString().equals(journal.id() + ".json")) {
            throw new IOException("its id does not match its file name");
        }
        return journal;
    }

    private Path fileOf(String id) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("'" + id + "' is not a transfer id");
        }
        return directory.resolve(id + ".json");
    }
}
