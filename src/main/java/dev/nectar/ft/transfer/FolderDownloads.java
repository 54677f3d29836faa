package dev.nectar.ft.transfer;

import dev.nectar.ft.wire.TransferStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The folder downloads of a node that have not ended, by id and by the files they queued. Lives outside the main
 * process, like the {@link DownloadQueue}, so that a restart of it loses none.
 */
public final class FolderDownloads {
    private static final int REMEMBERED = 1000;

    private final Map<String, FolderDownload> byId = new ConcurrentHashMap<>();
    private final Map<String, FolderDownload> byFile = new ConcurrentHashMap<>();
    /** How recent folder downloads began, so that a failed or cancelled one can be tried again. */
    private final Map<String, FolderJournal> beginnings = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, FolderJournal> eldest) {
            return size() > REMEMBERED;
        }
    };

    void add(FolderDownload folder) {
        byId.put(folder.id(), folder);
        FolderJournal journal = folder.journal();
        synchronized (beginnings) {
            beginnings.put(journal.id(), FolderJournal.start(journal.id(), journal.peer(), journal.peerNodeId(), journal.folder(),
                    journal.to(), journal.overwrite()));
        }
    }

    /** How the folder download {@code id} began, to try it again from nothing. */
    Optional<FolderJournal> beginningOf(String id) {
        synchronized (beginnings) {
            return Optional.ofNullable(beginnings.get(id));
        }
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
