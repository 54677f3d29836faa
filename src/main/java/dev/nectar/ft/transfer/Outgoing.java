package dev.nectar.ft.transfer;

import dev.nectar.ft.wire.WorkerMessage;
import io.netty.buffer.ByteBuf;
import java.io.IOException;

/**
 * What a {@link SendingWorker} sends: the chunks of one file ({@link OutgoingFile}), whole small files of a
 * batch ({@link OutgoingBatch}), or the chunks this node holds of a swarm's file ({@link OutgoingHeld}), each
 * numbered as the receiver's {@code Need} counts them.
 */
sealed interface Outgoing permits OutgoingFile, OutgoingBatch, OutgoingHeld {
    /** One numbered piece, its bytes (if any) in a buffer the link releases once written. */
    record Piece(WorkerMessage message, ByteBuf blob) {}

    /** Why the whole transfer stops; the reason goes to the receiver. */
    final class Stop extends Exception {
        Stop(String reason) {
            super(reason);
        }
    }

    /** What is sent, for the log and the upload's status. */
    String description();

    /** Where it is read from on this node, for the upload's status. */
    String path();

    /** The bytes there are to send, as far as known before sending (0 if not known). */
    long size();

    /** What the sender announces first (a manifest, or the chunks it holds), or null if the receiver speaks first. */
    WorkerMessage announce() throws IOException;

    /** What it holds now, if that grew since it last said: only a download in progress grows. */
    default WorkerMessage.Holding update() {
        return null;
    }

    /** How many pieces there are: what a {@code Need} may ask for is below this. */
    int pieces();

    /** Checks, before a {@code Need} is served, that the source is still what was announced. */
    void check() throws Stop;

    /** Piece number {@code index}. */
    Piece read(int index) throws Stop;

    /** Releases what it holds; runs once, however the worker ends. */
    void close();
}
