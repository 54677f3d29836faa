package dev.nectar.ft.transfer;

import dev.nectar.ft.wire.TransferStatus;

/**
 * What a sending worker tells the registry about its upload: the bytes it handed to the link, a smoothed rate, and
 * how it ended. Reports at most about ten times a second while it runs, and always its end.
 */
final class UploadProgress {
    private final TransferRegistry registry;
    private final String id;
    private final String peer;
    private final String name;
    private final String path;
    private final long total;
    private final ProgressMeter meter;
    private long sent;
    private boolean ended;

    /**
     * @param id    the sending worker's process name, which names the upload
     * @param peer  the receiving node as the owner knows it
     * @param path  what is sent, on this node
     * @param total the bytes to send, or 0 when unknown
     */
    UploadProgress(TransferRegistry registry, String id, String peer, String name, String path, long total) {
        this.registry = registry;
        this.id = id;
        this.peer = peer;
        this.name = name;
        this.path = path;
        this.total = total;
        this.meter = new ProgressMeter(total, 0);
        report(TransferStatus.STARTING, null);
    }

    void sent(long bytes) {
        sent += bytes;
        if (meter.due(sent)) {
            report(TransferStatus.RUNNING, null);
        }
    }

    /** The upload's end: {@code done}, {@code failed} or {@code cancelled}; only the first end counts. */
    void ended(String state, String error) {
        if (!ended) {
            ended = true;
            report(state, error);
        }
    }

    private void report(String state, String error) {
        boolean running = state.equals(TransferStatus.RUNNING);
        registry.update(new TransferStatus(id, peer, name, state, sent, Math.max(total, sent), running ? meter.rate() : 0,
                running ? meter.etaSeconds(sent) : -1, path, error, null, 1, sent, 0, TransferStatus.SEND, 0, 0));
    }
}
