package dev.nectar.ft.process;

/** A request that got no usable response: the target is unknown, offline, or did not answer in time. */
public final class RequestFailedException extends Exception {
    public enum Reason {
        /** The node part of the address names no peer. */
        UNKNOWN_NODE,
        /** No link to the node could be made, or it was lost before the response. */
        OFFLINE,
        /** The node refused to be reached as dialed (wrong node id at that address). */
        WRONG_NODE,
        /** No response within the timeout. */
        TIMEOUT,
        /** Too many requests are waiting already. */
        BUSY
    }

    private final Reason reason;

    public RequestFailedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
