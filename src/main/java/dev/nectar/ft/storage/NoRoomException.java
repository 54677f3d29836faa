package dev.nectar.ft.storage;

import java.io.IOException;

/** The disk has not enough free space for a file about to be received. */
public final class NoRoomException extends IOException {
    public NoRoomException(String message) {
        super(message);
    }
}
