package dev.nectar.ft.net;

/**
 * What a relay carries at one moment.
 *
 * @param nodes         nodes registered with it
 * @param sessions      sessions joined or waiting for the invited node
 * @param bufferedBytes bytes read from one node and not yet written to the other, over all sessions
 */
public record RelayLoad(int nodes, int sessions, long bufferedBytes) {}
