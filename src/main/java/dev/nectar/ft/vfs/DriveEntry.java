package dev.nectar.ft.vfs;

/**
 * A file in a drive: its name relative to the drive ({@code music/a.mp3}), its size and modification time; or, in a
 * walk that asks for them, an empty folder, whose name ends in '/' ({@code music/new/}) so that it sorts as its
 * contents would.
 */
public record DriveEntry(String name, long size, long modifiedMillis) {
    static DriveEntry emptyFolder(String name) {
        return new DriveEntry(name, 0, 0);
    }

    public boolean isFolder() {
        return name.endsWith("/");
    }
}
