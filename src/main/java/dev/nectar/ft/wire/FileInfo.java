package dev.nectar.ft.wire;

/** One entry of a {@code ListFiles} response: the seed's {@code {"name":..,"size":..}}. */
public record FileInfo(String name, long size) {}
