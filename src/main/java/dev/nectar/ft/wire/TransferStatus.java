package dev.nectar.ft.wire;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
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
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TransferStatus(String id, String peer, String name, String state, long bytes, long total, long rate,
                             long etaSeconds, String path, String error, String note, int attempts, long wireBytes,
                             long reusedBytes) {
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

    /**
     * A node keeps up to 100,000 statuses, most decoded from its workers' messages: each state and peer name is
     * kept once, not once per transfer.
     */
    public TransferStatus {
        int known = STATES.indexOf(state);
        state = known < 0 ? state : STATES.get(known);
        peer = peer == null ? null : peer.intern();
    }

    /** A transfer that will not move again by itself (paused ones wait for the owner). */
    @JsonIgnore
    public boolean isFinished() {
        return state.equals(DONE) || state.equals(FAILED) || state.equals(CANCELLED) || state.equals(PAUSED);
    }

    public TransferStatus withState(String newState, String newError) {
        return new TransferStatus(id, peer, name, newState, bytes, total, 0, -1, path, newError, note, attempts, wireBytes, reusedBytes);
    }

    @JsonIgnore
    public long percent() {
        return total == 0 ? (state.equals(DONE) ? 100 : 0) : Math.min(100, bytes * 100 / total);
    }
}
