package dev.nectar.ft.net;

/** Why a link to a node could not be made or was lost; the message is one line for people. */
public final class LinkException extends Exception {
    public enum Reason {
        /** No address answered, or TLS failed. */
        UNREACHABLE,
        /** The node that answered is not the node id that was dialed. */
        WRONG_NODE,
        /** The link closed before or while it was used. */
        CLOSED
    }

    private final Reason reason;

    public LinkException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
