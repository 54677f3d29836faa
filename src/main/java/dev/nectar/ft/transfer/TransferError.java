package dev.nectar.ft.transfer;

import dev.nectar.ft.vfs.FileProblem;
import java.io.IOException;
import java.nio.file.Path;

/** Why a transfer failed: a kind for programs and a one-line message for people, reported once. */
public final class TransferError extends Exception {
    public enum Kind {
        /** The peer has no such file, or the name is not a valid name. */
        NOT_FOUND,
        /** The peer refused the download. */
        REFUSED,
        /** The peer is unknown, offline, or the link was lost. */
        OFFLINE,
        /** Not enough free space for the file. */
        DISK_FULL,
        /** The destination cannot be written. */
        NOT_WRITABLE,
        /** A chunk kept failing its hash check. */
        VERIFICATION,
        /** The source file changed while it was being sent. */
        SOURCE_CHANGED,
        /** The other side stopped answering. */
        STALLED,
        /** The other side broke the protocol. */
        PROTOCOL,
        /** The other side, or the owner, called the transfer off. */
        CANCELLED;

        /** The one retry rule: a lost or silent link is tried again with backoff; anything else ends the transfer. */
        boolean retryable() {
            return this == OFFLINE || this == STALLED;
        }
    }

    private final Kind kind;

    public TransferError(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /**
     * The origin has no such file: the same words whether it refused a download or left a file out of a batch, and
     * "the source disappeared" once an earlier attempt had found it.
     */
    static TransferError missing(String peer, String reason, boolean seenBefore) {
        return new TransferError(Kind.NOT_FOUND, (seenBefore ? "the source disappeared: " : "") + peer + " refused: " + reason);
    }

    /** A failed write to {@code target}: a full disk (or quota) said as such, anything else as not writable. */
    static TransferError writing(Path target, IOException e) {
        String message = FileProblem.describe(e, target);
        boolean full = message.contains("No space left") || message.contains("Disk quota exceeded");
        return new TransferError(full ? Kind.DISK_FULL : Kind.NOT_WRITABLE,
                (full ? "disk full while writing " : "cannot write ") + target + ": " + message);
    }

    public Kind kind() {
        return kind;
    }
}
