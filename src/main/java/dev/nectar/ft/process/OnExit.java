package dev.nectar.ft.process;

/** What the kernel does when a process crashes (its handler throws): the seed's manifest field {@code on_exit}. */
public enum OnExit {
    /** The process is gone; messages to it get {@code NoSuchProcess}. */
    NONE,
    /** A fresh instance takes over the same mailbox, so the address keeps working. */
    RESTART
}
