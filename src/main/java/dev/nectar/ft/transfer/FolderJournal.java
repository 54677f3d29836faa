package dev.nectar.ft.transfer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The durable record of a folder downloaded as one transfer: where it comes from and goes, how far through the
 * peer's listing of it the node has queued files, and the counts that cannot be found again after a crash. Its
 * files' own journals say which are unfinished; every other file it counts as fed either landed or failed.
 *
 * @param to          the local folder the files go under (their names keep the peer's folders), or null for the drive
 * @param files       how many files the folder held when it was counted, -1 before
 * @param bytes       their size then
 * @param last        the name of the last file queued, in name order; null before the first
 * @param chunks      how many groups of files were queued: a file journal of a later chunk was written by a crash
 *                    cut short, and goes
 * @param fed         files queued (or found already on their way)
 * @param failed      files that failed or were cancelled one by one, or could not be given a place here
 * @param listed      the listing was read to its end: the folder is done once its last files end
 * @param error       why the listing could not be read to its end, or null
 * @param startedAt   when the download was asked for (epoch milliseconds), kept across restarts; 0 in journals
 *                    written before it was kept
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record FolderJournal(String id, String peer, String peerNodeId, String folder, String to, boolean overwrite, long files, long bytes,
                     String last, long chunks, long fed, long fedBytes, long failed, long failedBytes, boolean listed, String error,
                     long startedAt) {

    static FolderJournal start(String id, String peer, String peerNodeId, String folder, String to, boolean overwrite) {
        return new FolderJournal(id, peer, peerNodeId, folder, to, overwrite, -1, 0, null, 0, 0, 0, 0, 0, false, null, System.currentTimeMillis());
    }

    FolderJournal counted(long newFiles, long newBytes) {
        return new FolderJournal(id, peer, peerNodeId, folder, to, overwrite, newFiles, newBytes, last, chunks, fed, fedBytes, failed,
                failedBytes, listed, error, startedAt);
    }

    FolderJournal fed(long files, long size, String lastName) {
        return new FolderJournal(id, peer, peerNodeId, folder, to, overwrite, this.files, bytes, lastName, chunks + 1, fed + files,
                fedBytes + size, failed, failedBytes, listed, error, startedAt);
    }

    FolderJournal failed(long moreFiles, long size) {
        return new FolderJournal(id, peer, peerNodeId, folder, to, overwrite, files, bytes, last, chunks, fed, fedBytes, failed + moreFiles,
                failedBytes + size, listed, error, startedAt);
    }

    FolderJournal listed(String reason) {
        return new FolderJournal(id, peer, peerNodeId, folder, to, overwrite, files, bytes, last, chunks, fed, fedBytes, failed,
                failedBytes, true, reason, startedAt);
    }
}
