package dev.nectar.ft.wire;

/**
 * The routing part of a message.
 *
 * @param id            chosen by the requester; a response carries the id of its request
 * @param kind          request or response
 * @param timeoutMillis for a request, how long the requester waits for a response; 0 when it expects none
 */
public record Envelope(long id, Kind kind, Address source, Address target, int timeoutMillis) {
    public enum Kind { REQUEST, RESPONSE }

    public Envelope {
        if (timeoutMillis < 0) {
            throw new IllegalArgumentException("negative timeout");
        }
    }

    public boolean expectsResponse() {
        return kind == Kind.REQUEST && timeoutMillis > 0;
    }
}
