package dev.nectar.ft.vfs;

/** A file in a drive: its name relative to the drive ({@code music/a.mp3}), its size and modification time. */
public record DriveEntry(String name, long size, long modifiedMillis) {}
