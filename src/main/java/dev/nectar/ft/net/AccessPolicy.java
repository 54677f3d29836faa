package dev.nectar.ft.net;

import dev.nectar.ft.identity.NodeId;
import java.util.Optional;

/** Decides whether an authenticated node may keep an incoming link. */
@FunctionalInterface
public interface AccessPolicy {
    AccessPolicy PUBLIC = node -> Optional.empty();

    /** Why {@code node} is refused, or empty if it may connect. */
    Optional<String> refusal(NodeId node);
}
