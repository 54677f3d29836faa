package dev.nectar.ft.wire;

/** A body that is not valid JSON or not one of the messages the receiver understands. */
public final class MalformedMessageException extends Exception {
    public MalformedMessageException(String message) {
        super(message);
    }
}
