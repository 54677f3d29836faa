package dev.nectar.ft.wire;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;
import java.util.Arrays;
import java.util.Objects;
import java.util.List;

/** What travels on a link between two nodes, one length-prefixed frame at a time. */
public sealed interface WireFrame {
    /** 2: Hello names the relays a node is reachable through, and links carry the relay frames. */
    int PROTOCOL_VERSION = 2;

    /**
     * The first frame each side sends once TLS is up: who it calls itself, where it listens and which relays
     * (by address) it is reachable through.
     */
    record Hello(String name, int protocolVersion, List<String> addresses, List<String> relays) implements WireFrame {
        public Hello {
            addresses = List.copyOf(addresses);
            relays = List.copyOf(relays);
        }
    }

    /** Asks the node at the other end, a relay, to keep this node reachable through it while the link lasts. */
    record RelayRegister() implements WireFrame {}

    /** A relay's answer to {@link RelayRegister}: accepted, with the relay's name, or refused, with why. */
    record RelayReply(boolean accepted, String text) implements WireFrame {}

    /**
     * From a relay to a node registered with it: a node waits to be joined to it; open a session connection to
     * the relay that presents {@code key}.
     */
    record RelayInvite(String key) implements WireFrame {}

    /**
     * A request or response between processes: a JSON body and, for chunks of files, raw bytes in a buffer.
     *
     * <p>A message with a blob owns one reference to it, and whoever holds the message last releases it (the
     * link once the bytes are written, the process once it handled it, whoever drops it). Netty's own paths do
     * that through {@link ReferenceCounted}; a message without a blob has nothing to release.
     */
    record Message(Envelope envelope, byte[] body, ByteBuf blob) implements WireFrame, ReferenceCounted {
        public boolean hasBlob() {
            return blob != null;
        }

        public int blobLength() {
            return blob == null ? 0 : blob.readableBytes();
        }

        @Override
        public int refCnt() {
            return blob == null ? 1 : blob.refCnt();
        }

        @Override
        public Message retain() {
            if (blob != null) {
                blob.retain();
            }
            return this;
        }

        @Override
        public Message retain(int increment) {
            if (blob != null) {
                blob.retain(increment);
            }
            return this;
        }

        @Override
        public Message touch() {
            return this;
        }

        @Override
        public Message touch(Object hint) {
            return this;
        }

        @Override
        public boolean release() {
            return blob != null && blob.release();
        }

        @Override
        public boolean release(int decrement) {
            return blob != null && blob.release(decrement);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Message that && envelope.equals(that.envelope)
                    && Arrays.equals(body, that.body) && Objects.equals(blob, that.blob);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * envelope.hashCode() + Arrays.hashCode(body)) + Objects.hashCode(blob);
        }

        @Override
        public String toString() {
            return "Message[" + envelope + ", body " + body.length + " B, blob "
                    + (blob == null ? "none" : blob.readableBytes() + " B") + "]";
        }
    }
}
