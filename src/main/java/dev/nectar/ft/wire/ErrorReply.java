package dev.nectar.ft.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * A refusal or failure sent back instead of the expected response: {@code {"Error":{"kind":..,"message":..}}}.
 * The kind is for programs, the message for people.
 */
public record ErrorReply(String kind, String message) implements TransferResponse {
    public static final String BAD_REQUEST = "BadRequest";
    public static final String NOT_FOUND = "NotFound";
    public static final String FORBIDDEN = "Forbidden";
    public static final String NO_SUCH_PROCESS = "NoSuchProcess";
    public static final String BUSY = "Busy";
    public static final String INTERNAL = "Internal";
    /** The answer would be larger than a peer accepts in one message. */
    public static final String TOO_LARGE = "TooLarge";
    /** The page asked for belongs to a version of a listing the node no longer holds: start the listing again. */
    public static final String LISTING_CHANGED = "ListingChanged";

    static final String TAG = "Error";

    @Override
    public byte[] encode() {
        ObjectNode content = TaggedJson.object();
        content.put("kind", kind);
        content.put("message", message);
        return TaggedJson.variant(TAG, content);
    }

    /** The error a body carries, if it is one. */
    public static Optional<ErrorReply> in(byte[] body) {
        try {
            TaggedJson json = TaggedJson.parse(body);
            return json.tag().equals(TAG) ? Optional.of(from(json)) : Optional.empty();
        } catch (MalformedMessageException e) {
            return Optional.empty();
        }
    }

    static ErrorReply from(TaggedJson json) throws MalformedMessageException {
        return new ErrorReply(json.text("kind"), json.text("message"));
    }

    @Override
    public String toString() {
        return kind + ": " + message;
    }
}
