package dev.nectar.ft.wire;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where one transfer stands, as its receiving worker reports it to its main process and the API shows it.
 *
 * @param id          the receiving worker's process name, which names the transfer
 * @param rate        bytes per second, smoothed
 * @param etaSeconds  -1 while unknown
 * @param path        where the file lands (or landed)
 * @param error       why it failed, or null
 * @param note        what happened that the user should know, such as "source changed: started over", or null
 * @param attempts    how many times the receiver asked the sender for the file
 * @param wireBytes   chunk bytes that came over the network, over all attempts
 * @param reusedBytes bytes found intact in the partial file when an attempt resumed, so not fetched again
 * @param direction   {@link #RECEIVE} for a download, {@link #SEND} for an upload (a peer downloading from this node)
 * @param startedAt   when this node first saw the transfer, epoch milliseconds (0 until the registry stamps it)
 * @param finishedAt  when it finished, epoch milliseconds, or 0
 * @param sources     a swarm download's sources (the origin first) and the chunk bytes each sent; empty otherwise
 * @param duplicateBytes chunk bytes that came twice (the end game asks two sources for the last chunks)
 * @param folder      for a folder downloaded as one transfer, its files' counts; null for a file
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TransferStatus(String id, String peer, String name, String state, long bytes, long total, long rate,
                             long etaSeconds, String path, String error, String note, int attempts, long wireBytes,
                             long reusedBytes, String direction, long startedAt, long finishedAt, List<Source> sources,
                             long duplicateBytes, @JsonInclude(JsonInclude.Include.NON_NULL) Folder folder) {
    public static final String RECEIVE = "receive";
    public static final String SEND = "send";

    public static final String QUEUED = "queued";
    public static final String STARTING = "starting";
    public static final String RUNNING = "running";
    /** Waiting to reconnect after the link was lost, or after a restart. */
    public static final String RESUMING = "resuming";
    public static final String PAUSED = "paused";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";
    private static final List<String> STATES = List.of(QUEUED, STARTING, RUNNING, RESUMING, PAUSED, DONE, FAILED, CANCELLED);

    /** A download's status as its receiving worker reports it: the registry adds the times. */
    public TransferStatus(String id, String peer, String name, String state, long bytes, long total, long rate, long etaSeconds,
                          String path, String error, String note, int attempts, long wireBytes, long reusedBytes) {
        this(id, peer, name, state, bytes, total, rate, etaSeconds, path, error, note, attempts, wireBytes, reusedBytes, RECEIVE, 0, 0);
    }

    /**
     * One source of a swarm download: the peer's name, the chunk bytes it sent that were used, and where it stands:
     * {@link #ORIGIN} (the node asked, which sent the manifest), {@link #ACTIVE}, or why it stopped serving.
     */
    public record Source(String name, long bytes, String state) {
        public static final String ORIGIN = "origin";
        public static final String ACTIVE = "active";
    }

    /**
     * The files of a folder downloaded as one transfer: how many it holds ({@code -1} while its listing is being
     * counted), how many landed verified and how many failed.
     */
    public record Folder(long files, long done, long failed) {}

    /** The same as the canonical one, for a transfer with one source. */
    public TransferStatus(String id, String peer, String name, String state, long bytes, long total, long rate, long etaSeconds,
                          String path, String error, String note, int attempts, long wireBytes, long reusedBytes, String direction,
                          long startedAt, long finishedAt) {
        this(id, peer, name, state, bytes, total, rate, etaSeconds, path, error, note, attempts, wireBytes, reusedBytes, direction,
                startedAt, finishedAt, List.of(), 0, null);
    }

    /**
     * A node keeps up to 100,000 statuses, most decoded from its workers' messages: each state and peer name is
     * kept once, not once per transfer.
     */
    public TransferStatus {
        sources = sources == null ? List.of() : List.copyOf(sources);
        direction = SEND.equals(direction) ? SEND : RECEIVE;
        int known = STATES.indexOf(state);
        state = known < 0 ? state : STATES.get(known);
        peer = peer == null ? null : peer.intern();
    }

    /**
     * Reads a status from the JSON that Jackson writes for it, by hand: a command lives a fifth of a second, and
     * Jackson's introspection of this record, done once per process, takes some 60 ms of it (docs/benchmarks.md).
     * Strict as binding is: a field of the wrong kind, or no id or state, is refused.
     *
     * @throws IllegalArgumentException naming the field that is not what a status holds
     */
    public static TransferStatus fromJson(JsonNode json) {
        if (!json.isObject()) {
            throw new IllegalArgumentException("a transfer's status is not an object: " + json.getNodeType());
        }
        String id = text(json, "id");
        String state = text(json, "state");
        if (id == null || state == null) {
            throw new IllegalArgumentException("a transfer's status has no " + (id == null ? "id" : "state"));
        }
        List<Source> sources = new ArrayList<>();
        JsonNode listed = json.path("sources");
        if (present(listed) && !listed.isArray()) {
            throw new IllegalArgumentException("a transfer's sources are not a list");
        }
        for (JsonNode source : listed) {
            sources.add(new Source(text(source, "name"), number(source, "bytes"), text(source, "state")));
        }
        JsonNode counts = json.path("folder");
        if (present(counts) && !counts.isObject()) {
            throw new IllegalArgumentException("a transfer's folder counts are not an object");
        }
        Folder folder = counts.isObject() ? new Folder(number(counts, "files"), number(counts, "done"), number(counts, "failed")) : null;
        return new TransferStatus(id, text(json, "peer"), text(json, "name"), state, number(json, "bytes"), number(json, "total"),
                number(json, "rate"), number(json, "etaSeconds"), text(json, "path"), text(json, "error"), text(json, "note"),
                count(json, "attempts"), number(json, "wireBytes"), number(json, "reusedBytes"),
                text(json, "direction"), number(json, "startedAt"), number(json, "finishedAt"), sources,
                number(json, "duplicateBytes"), folder);
    }

    private static boolean present(JsonNode value) {
        return !value.isMissingNode() && !value.isNull();
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.path(field);
        if (!present(value)) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("a transfer's " + field + " is not text: " + value);
        }
        return value.textValue();
    }

    private static int count(JsonNode json, String field) {
        long value = number(json, field);
        if (value != (int) value) {
            throw new IllegalArgumentException("a transfer's " + field + " is out of range: " + value);
        }
        return (int) value;
    }

    private static long number(JsonNode json, String field) {
        JsonNode value = json.path(field);
        if (!present(value)) {
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("a transfer's " + field + " is not a whole number: " + value);
        }
        return value.longValue();
    }

    /** A transfer that will not move again by itself (paused ones wait for the owner). */
    @JsonIgnore
    public boolean isFinished() {
        return state.equals(DONE) || state.equals(FAILED) || state.equals(CANCELLED) || state.equals(PAUSED);
    }

    public TransferStatus withState(String newState, String newError) {
        return new TransferStatus(id, peer, name, newState, bytes, total, 0, -1, path, newError, note, attempts, wireBytes, reusedBytes,
                direction, startedAt, finishedAt, sources, duplicateBytes, folder);
    }

    /** The same status with another note for the user. */
    public TransferStatus withNote(String newNote) {
        return new TransferStatus(id, peer, name, state, bytes, total, rate, etaSeconds, path, error, newNote, attempts, wireBytes, reusedBytes,
                direction, startedAt, finishedAt, sources, duplicateBytes, folder);
    }

    /** The same status with the times the registry keeps. */
    public TransferStatus withTimes(long started, long finished) {
        return new TransferStatus(id, peer, name, state, bytes, total, rate, etaSeconds, path, error, note, attempts, wireBytes, reusedBytes,
                direction, started, finished, sources, duplicateBytes, folder);
    }

    /** The same status with a swarm download's sources. */
    public TransferStatus withSources(List<Source> newSources, long duplicates) {
        return new TransferStatus(id, peer, name, state, bytes, total, rate, etaSeconds, path, error, note, attempts, wireBytes, reusedBytes,
                direction, startedAt, finishedAt, newSources, duplicates, folder);
    }

    /** The same status as a folder downloaded as one transfer, with its files' counts. */
    public TransferStatus withFolder(Folder counts) {
        return new TransferStatus(id, peer, name, state, bytes, total, rate, etaSeconds, path, error, note, attempts, wireBytes, reusedBytes,
                direction, startedAt, finishedAt, sources, duplicateBytes, counts);
    }

    /**
     * Writes the status as Jackson's binding of this record does (its fields in order, the folder's counts left out
     * when null), with jackson-core's generator alone: a command's {@code --json} then needs no {@code ObjectMapper},
     * whose start is a third of a command's (docs/benchmarks.md).
     */
    public void writeJson(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", id);
        json.writeStringField("peer", peer);
        json.writeStringField("name", name);
        json.writeStringField("state", state);
        json.writeNumberField("bytes", bytes);
        json.writeNumberField("total", total);
        json.writeNumberField("rate", rate);
        json.writeNumberField("etaSeconds", etaSeconds);
        json.writeStringField("path", path);
        json.writeStringField("error", error);
        json.writeStringField("note", note);
        json.writeNumberField("attempts", attempts);
        json.writeNumberField("wireBytes", wireBytes);
        json.writeNumberField("reusedBytes", reusedBytes);
        json.writeStringField("direction", direction);
        json.writeNumberField("startedAt", startedAt);
        json.writeNumberField("finishedAt", finishedAt);
        json.writeArrayFieldStart("sources");
        for (Source source : sources) {
            json.writeStartObject();
            json.writeStringField("name", source.name());
            json.writeNumberField("bytes", source.bytes());
            json.writeStringField("state", source.state());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeNumberField("duplicateBytes", duplicateBytes);
        if (folder != null) {
            json.writeObjectFieldStart("folder");
            json.writeNumberField("files", folder.files());
            json.writeNumberField("done", folder.done());
            json.writeNumberField("failed", folder.failed());
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    @JsonIgnore
    public boolean isUpload() {
        return direction.equals(SEND);
    }

    @JsonIgnore
    public long percent() {
        return total == 0 ? (state.equals(DONE) ? 100 : 0) : Math.min(100, bytes * 100 / total);
    }
}
