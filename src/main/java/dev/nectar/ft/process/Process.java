package dev.nectar.ft.process;

import dev.nectar.ft.wire.WireFrame;

/**
 * An actor: the kernel hands it one message at a time from its mailbox, on its own virtual thread, so a
 * handler may block (for example on {@link ProcessContext#request}) without holding up other processes.
 */
@FunctionalInterface
public interface Process {
    /** Handles one message. Throwing crashes the process, which then exits or restarts as its {@link OnExit} says. */
    void handle(WireFrame.Message message, ProcessContext context) throws Exception;
}
