package dev.nectar.ft.transfer;

import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.TransferRequest;
import dev.nectar.ft.wire.WireFrame;
import dev.nectar.ft.wire.WorkerMessage;
import java.util.List;

/**
 * What a {@link ReceivingSession} fetches and how each piece lands: the chunks of one file ({@link OneFilePlan}),
 * or whole small files of a batch ({@link SmallFilesPlan}). The session owns the conversation (asking the origin
 * for a sender, the link, retries, the owner's commands, reports, finding other sources); a plan owns what to ask
 * for next, from whom, and what arrived. Only {@link OneFilePlan} takes other sources: small files come whole from
 * the origin.
 */
sealed interface ReceivePlan permits OneFilePlan, SmallFilesPlan {
    /** How often one piece may fail verification before it fails. */
    int MAX_MISMATCHES = 3;

    /** The session starts: what the plan says and reports goes through {@code conversation}. */
    void bind(Conversation conversation);

    /** The attempts made before this session started (a resumed download counts its earlier ones). */
    int previousAttempts();

    /** A new attempt, number {@code attempt}, begins. */
    void attempting(int attempt);

    /** The attempt failed and the session waits to reconnect (its {@link Conversation#lastTrouble()} says why). */
    void reconnecting();

    /** What the origin is asked for: a sender for what is still missing; null when nothing is. */
    TransferRequest request(Address self);

    /** The origin's sender answered: a plan that speaks first asks now. */
    void connected() throws TransferError;

    /** True while the sender prepares its first word (it hashes a large file first): the session waits longer. */
    boolean awaitingFirstWord();

    /** A message from the sender other than {@code Cancel}. */
    void onMessage(WireFrame.Message message, WorkerMessage decoded) throws TransferError;

    /** The sender says the source changed under it: start over on the next attempt, and say so. */
    void sourceChanged(String reason);

    /** The attempt ends (link lost, stall, reconnect): make what arrived durable and recorded. */
    void keep() throws TransferError;

    /** The owner pauses transfer {@code id}: keep it, recorded as paused. False if no unsettled transfer has that id. */
    boolean pause(String id) throws TransferError;

    /** The owner cancels transfer {@code id}: it ends, leaving nothing. False if no unsettled transfer has that id. */
    boolean cancel(String id);

    /** Every transfer not ended yet fails with {@code error}. */
    void failAll(TransferError error);

    /** True once every transfer of the plan has ended (done, failed, cancelled or paused). */
    boolean finished();

    /** The session ends, however it ends: files are closed, partial files kept for a resume. */
    void close();

    /** The file hash whose other holders the session should look for now; null when the plan takes no other source. */
    default String seeking() {
        return null;
    }

    /** A message from a peer other than the origin's sender, known to the session as {@code name}: an offer or a source's word. */
    default void fromSource(WireFrame.Message message, WorkerMessage decoded, String name) throws TransferError {
    }

    /** The other sources still asked, to say goodbye to. */
    default List<Address> sources() {
        return List.of();
    }

    /** Nodes that asked this node for the file since the last call: they download it too, and are asked at once. */
    default List<String> seekers() {
        return List.of();
    }

    /** Nodes not to ask for the file: its sources now, and those refused for sending bad chunks. */
    default List<String> notToAsk() {
        return List.of();
    }

    /** The links to node {@code node} closed: its sources give their chunks back. */
    default void sourcesLost(String node) {
    }

    /** True if other sources can finish the file without the origin, which is gone. */
    default boolean goesOnWithoutOrigin() {
        return false;
    }

    /** About once a second while it runs: sources that stalled give their chunks back. */
    default void tick() {
    }

    /** True if no source can send what is still missing: a new attempt at the origin must. */
    default boolean stuck() {
        return false;
    }
}
