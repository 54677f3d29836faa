package dev.nectar.ft.wire;

import java.util.Arrays;
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

    /** A request or response between processes: a JSON body and, for chunks of files, raw bytes. */
    record Message(Envelope envelope, byte[] body, byte[] blob) implements WireFrame {
        public boolean hasBlob() {
            return blob != null;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Message that && envelope.equals(that.envelope)
                    && Arrays.equals(body, that.body) && Arrays.equals(blob, that.blob);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * envelope.hashCode() + Arrays.hashCode(body)) + Arrays.hashCode(blob);
        }

        @Override
        public String toString() {
            return "Message[" + envelope + ", body " + body.length + " B, blob "
                    + (blob == null ? "none" : blob.length + " B") + "]";
        }
    }
}
