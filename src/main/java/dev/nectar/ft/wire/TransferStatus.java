package dev.nectar.ft.wire;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Where one transfer stands, as its receiving worker reports it to its main process and the API shows it.
 *
 * @param id          the receiving worker's process name, which names the transfer
 * @param rate        bytes per second, smoothed
 * @param etaSeconds  -1 while unknown
 * @param path        where the file lands (or landed)
 * @param error       why it failed, or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TransferStatus(String id, String peer, String name, String state, long bytes, long total, long rate,
                             long etaSeconds, String path, String error) {
    public static final String QUEUED = "queued";
    public static final String STARTING = "starting";
    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    @JsonIgnore
    public boolean isFinished() {
        return state.equals(DONE) || state.equals(FAILED);
    }

    @JsonIgnore
    public long percent() {
        return total == 0 ? (state.equals(DONE) ? 100 : 0) : Math.min(100, bytes * 100 / total);
    }
}
