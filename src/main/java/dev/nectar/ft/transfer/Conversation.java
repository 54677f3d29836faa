package dev.nectar.ft.transfer;

import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.TransferStatus;
import dev.nectar.ft.wire.WireFrame;
import dev.nectar.ft.wire.WorkerMessage;

/** What a {@link ReceivePlan} may do through its session: speak to the sender and other sources, and report to the owner. */
interface Conversation {
    /** The peer's name, for messages. */
    String peer();

    /** This attempt's number, counted over the transfer's life. */
    int attempts();

    /** What went wrong last, shown while the session waits to reconnect; null if nothing has. */
    String lastTrouble();

    void toSender(WorkerMessage message);

    /** To any source of the file: the origin's sender or another peer's. */
    void toSource(Address source, WorkerMessage message);

    void respond(WireFrame.Message request, WorkerMessage answer);

    /** Something arrived intact: the next trouble starts a fresh retry series. */
    void progressed();

    /** A transfer's status for the owner; sent, with the others since, once the current message is handled. */
    void report(TransferStatus status);

    /** A transfer ended for good: its journal goes, just before the report that says so. */
    void forget(String transferId);
}
