package dev.nectar.ft.wire;

/** Bytes from a link that are not a valid frame; the message says which rule they broke. */
public final class MalformedFrameException extends Exception {
    public MalformedFrameException(String message) {
        super(message);
    }
}
