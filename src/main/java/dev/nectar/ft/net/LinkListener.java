package dev.nectar.ft.net;

import dev.nectar.ft.wire.WireFrame;

/** Receives what links carry up to the layer above. Called on a network thread: must not block. */
public interface LinkListener {
    void onMessage(Link link, WireFrame.Message message);

    void onLinkClosed(Link link);
}
