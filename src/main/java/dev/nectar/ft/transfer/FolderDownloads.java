package dev.nectar.ft.transfer;

import dev.nectar.ft.wire.TransferStatus;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The folder downloads of a node that have not ended, by id and by the files they queued. Lives outside the main
 * process, like the {@link DownloadQueue}, so that a restart of it loses none.
 */
public final class FolderDownloads {
    private final Map<String, FolderDownload> byId = new ConcurrentHashMap<>();
    private final Map<String, FolderDownload> byFile = new ConcurrentHashMap<>();

    void add(FolderDownload folder) {
        byId.put(folder.id(), folder);
    }

    Optional<FolderDownload> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    void queued(Journal file, FolderDownload folder) {
        byFile.put(file.id(), folder);
    }

    /** Hands a file's status to the folder download that queued it, if one did. */
    void report(TransferStatus file) {
        FolderDownload folder = byFile.get(file.id());
        if (folder == null) {
            return;
        }
        if (folder.report(file)) {
            byFile.remove(file.id());
        }
        if (folder.isOver()) {
            byId.remove(folder.id(), folder);
        }
    }

    void remove(FolderDownload folder) {
        byId.remove(folder.id(), folder);
    }
}
