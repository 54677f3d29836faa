package dev.nectar.ft.process;

import dev.nectar.ft.wire.WireFrame;
import java.time.Duration;

/**
 * An actor: the kernel hands it one message at a time from its mailbox, on its own virtual thread, so a
 * handler may block (for example on {@link ProcessContext#request}) without holding up other processes.
 */
@FunctionalInterface
public interface Process {
    /** Handles one message. Throwing crashes the process, which then exits or restarts as its {@link OnExit} says. */
    void handle(WireFrame.Message message, ProcessContext context) throws Exception;

    /** Runs once on the process's thread before the first message (and again after a restart). */
    default void onStart(ProcessContext context) throws Exception {}

    /** How long the process may wait for a message before {@link #onIdle} runs; null waits forever. */
    default Duration idleTimeout() {
        return null;
    }

    /** Runs when no message came for {@link #idleTimeout()}. */
    default void onIdle(ProcessContext context) throws Exception {}

    /** Runs once when the process ends, however it ends: release files and other resources here. */
    default void onExit() {}
}
