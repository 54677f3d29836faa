package dev.nectar.ft.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The hidden file a download is written into before it lands under its name. */
public final class PartialFile {
    private static final Logger LOG = LoggerFactory.getLogger(PartialFile.class);

    private PartialFile() {}

    /** Removes it, if it is there: a transfer that ended without landing leaves nothing behind. */
    public static void discard(Path partial) {
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            LOG.warn("cannot remove the partial file {}: {}", partial, e.getMessage());
        }
    }
}
