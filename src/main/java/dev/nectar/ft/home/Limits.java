package dev.nectar.ft.home;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The limits that keep a node serving everyone when someone misbehaves, from {@code [limits]} in config.toml.
 * Each has a default; over a limit the asker is refused or told it is busy, never kept waiting.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Limits(
        @JsonProperty("connections_per_address") Integer connectionsPerAddress,
        @JsonProperty("connections_total") Integer connectionsTotal,
        @JsonProperty("handshakes_per_address_per_minute") Integer handshakesPerAddressPerMinute,
        @JsonProperty("requests_per_peer_per_second") Integer requestsPerPeerPerSecond,
        @JsonProperty("transfers_per_peer") Integer transfersPerPeer,
        @JsonProperty("transfers_total") Integer transfersTotal,
        @JsonProperty("active_downloads") Integer activeDownloads,
        @JsonProperty("max_body_bytes") Integer maxBodyBytes,
        @JsonProperty("max_blob_bytes") Integer maxBlobBytes,
        @JsonProperty("nearby_nodes") Integer nearbyNodes,
        @JsonProperty("relay_nodes") Integer relayNodes,
        @JsonProperty("relay_sessions_per_node") Integer relaySessionsPerNode,
        @JsonProperty("relay_sessions") Integer relaySessions,
        @JsonProperty("relay_session_bytes_per_second") Long relaySessionBytesPerSecond,
        @JsonProperty("relay_bytes_per_second") Long relayBytesPerSecond,
        @JsonProperty("relay_idle_seconds") Integer relayIdleSeconds) {

    public static final Limits DEFAULT = new Limits(null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null);

    public Limits {
        connectionsPerAddress = positive(connectionsPerAddress, 32, "connections_per_address");
        connectionsTotal = positive(connectionsTotal, 1024, "connections_total");
        handshakesPerAddressPerMinute = positive(handshakesPerAddressPerMinute, 1200, "handshakes_per_address_per_minute");
        requestsPerPeerPerSecond = positive(requestsPerPeerPerSecond, 1000, "requests_per_peer_per_second");
        transfersPerPeer = positive(transfersPerPeer, 32, "transfers_per_peer");
        transfersTotal = positive(transfersTotal, 64, "transfers_total");
        activeDownloads = positive(activeDownloads, 32, "active_downloads");
        maxBodyBytes = positive(maxBodyBytes, 8 << 20, "max_body_bytes");
        maxBlobBytes = positive(maxBlobBytes, 16 << 20, "max_blob_bytes");
        nearbyNodes = positive(nearbyNodes, 256, "nearby_nodes");
        relayNodes = positive(relayNodes, 1000, "relay_nodes");
        relaySessionsPerNode = positive(relaySessionsPerNode, 16, "relay_sessions_per_node");
        relaySessions = positive(relaySessions, 256, "relay_sessions");
        relaySessionBytesPerSecond = unlimitedOrPositive(relaySessionBytesPerSecond, "relay_session_bytes_per_second");
        relayBytesPerSecond = unlimitedOrPositive(relayBytesPerSecond, "relay_bytes_per_second");
        relayIdleSeconds = positive(relayIdleSeconds, 300, "relay_idle_seconds");
        if (maxBlobBytes < (1 << 20)) {
            throw new IllegalArgumentException("max_blob_bytes must hold a 1 MiB chunk");
        }
    }

    /** A rate where 0, the default, means no limit: a relay run for friends should not be slower than their link. */
    private static long unlimitedOrPositive(Long value, String name) {
        if (value == null) {
            return 0;
        }
        if (value < 0) {
            throw new IllegalArgumentException("limits." + name + " must be 0 (no limit) or more, not " + value);
        }
        return value;
    }

    private static int positive(Integer value, int fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value < 1) {
            throw new IllegalArgumentException("limits." + name + " must be at least 1, not " + value);
        }
        return value;
    }
}
