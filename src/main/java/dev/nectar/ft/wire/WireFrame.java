package dev.nectar.ft.wire;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;
import java.util.Arrays;
import java.util.Objects;
import java.util.List;

/** What travels on a link between two nodes, one length-prefixed frame at a time. */
public sealed interface WireFrame {
    int PROTOCOL_VERSION = 1;

    /** The first frame each side sends once TLS is up: who it calls itself and where it listens. */
    record Hello(String name, int protocolVersion, List<String> addresses) implements WireFrame {
        public Hello {
            addresses = List.copyOf(addresses);
        }
    }

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
