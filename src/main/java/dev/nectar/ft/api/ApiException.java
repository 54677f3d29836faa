package dev.nectar.ft.api;

/** A failed API call: the HTTP status, a kind for programs and a one-line message for people. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String kind;

    public ApiException(int status, String kind, String message) {
        super(message);
        this.status = status;
        this.kind = kind;
    }

    public int status() {
        return status;
    }

    public String kind() {
        return kind;
    }
}
