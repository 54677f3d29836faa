package dev.nectar.ft.wire;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes the content of one frame (the link adds and strips the 4-byte length prefix). Pure: it
 * reads and writes buffers and never touches a socket.
 *
 * <pre>
 * u8 type                         1 = Hello, 2 = Message
 * Hello:   u16 version, str name, u8 count, count x str address
 * Message: u8 kind (0 request, 1 response), u64 id, u32 timeout millis,
 *          str source node, str source process, str target node, str target process,
 *          u32 body length, body (JSON), u8 has blob, [u32 blob length, blob]
 * </pre>
 * A decoded blob is a buffer of its own or, when large, a retained slice of the frame's buffer: either way the
 * caller of {@link #decode} releases the message.
 * <pre>
 * str:     u8 length, UTF-8 bytes
 * </pre>
 */
public final class FrameCodec {
    private static final byte HELLO = 1;
    private static final byte MESSAGE = 2;
    private static final int MAX_HELLO_ADDRESSES = 32;
    private static final int RETAIN_FROM_BYTES = 256 * 1024;

    private final FrameLimits limits;

    public FrameCodec(FrameLimits limits) {
        this.limits = limits;
    }

    public FrameLimits limits() {
        return limits;
    }

    /** Writes the whole frame into {@code out}, blob bytes included; the blob's reader index does not move. */
    public void encode(WireFrame frame, ByteBuf out) {
        encodeHead(frame, out);
        if (frame instanceof WireFrame.Message message && message.hasBlob()) {
            out.writeBytes(message.blob(), message.blob().readerIndex(), message.blobLength());
        }
    }

    /**
     * Writes all of the frame but its blob bytes, which belong right after: a link sends the blob's own buffer
     * behind this head instead of copying it.
     */
    public void encodeHead(WireFrame frame, ByteBuf out) {
        switch (frame) {
            case WireFrame.Hello hello -> {
                out.writeByte(HELLO);
                out.writeShort(hello.protocolVersion());
                writeString(out, hello.name());
                int count = Math.min(hello.addresses().size(), MAX_HELLO_ADDRESSES);
                out.writeByte(count);
                hello.addresses().stream().limit(count).forEach(address -> writeString(out, address));
            }
            case WireFrame.Message message -> {
                if (message.body().length > limits.maxBodyBytes()) {
                    throw new IllegalArgumentException("body of " + message.body().length + " bytes is over the limit of " + limits.maxBodyBytes());
                }
                if (message.blobLength() > limits.maxBlobBytes()) {
                    throw new IllegalArgumentException("blob of " + message.blobLength() + " bytes is over the limit of " + limits.maxBlobBytes());
                }
                Envelope envelope = message.envelope();
                out.writeByte(MESSAGE);
                out.writeByte(envelope.kind() == Envelope.Kind.REQUEST ? 0 : 1);
                out.writeLong(envelope.id());
                out.writeInt(envelope.timeoutMillis());
                writeAddress(out, envelope.source());
                writeAddress(out, envelope.target());
                out.writeInt(message.body().length);
                out.writeBytes(message.body());
                out.writeBoolean(message.hasBlob());
                if (message.hasBlob()) {
                    out.writeInt(message.blobLength());
                }
            }
        }
    }

    /** Decodes exactly the readable bytes of {@code in} as one frame. */
    public WireFrame decode(ByteBuf in) throws MalformedFrameException {
        try {
            WireFrame frame = switch (in.readByte()) {
                case HELLO -> decodeHello(in);
                case MESSAGE -> decodeMessage(in);
                default -> throw new MalformedFrameException("unknown frame type " + in.getByte(in.readerIndex() - 1));
            };
            if (in.isReadable()) {
                throw new MalformedFrameException(in.readableBytes() + " bytes after the end of the frame");
            }
            return frame;
        } catch (IndexOutOfBoundsException e) {
            throw new MalformedFrameException("frame ends early");
        }
    }

    private WireFrame.Hello decodeHello(ByteBuf in) throws MalformedFrameException {
        int version = in.readUnsignedShort();
        String name = readString(in);
        int count = in.readUnsignedByte();
        if (count > MAX_HELLO_ADDRESSES) {
            throw new MalformedFrameException("hello lists " + count + " addresses, more than " + MAX_HELLO_ADDRESSES);
        }
        List<String> addresses = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            addresses.add(readString(in));
        }
        return new WireFrame.Hello(name, version, addresses);
    }

    private WireFrame.Message decodeMessage(ByteBuf in) throws MalformedFrameException {
        int kindCode = in.readUnsignedByte();
        if (kindCode > 1) {
            throw new MalformedFrameException("unknown message kind " + kindCode);
        }
        long id = in.readLong();
        int timeout = in.readInt();
        if (timeout < 0) {
            throw new MalformedFrameException("negative timeout");
        }
        Address source = readAddress(in);
        Address target = readAddress(in);
        byte[] body = readBytes(in, limits.maxBodyBytes(), "body");
        ByteBuf blob = null;
        int hasBlob = in.readUnsignedByte();
        if (hasBlob > 1) {
            throw new MalformedFrameException("blob flag " + hasBlob + " is neither 0 nor 1");
        }
        if (hasBlob == 1) {
            int length = checkedLength(in, limits.maxBlobBytes(), "blob");
            if (in.readableBytes() != length) {
                throw new MalformedFrameException(in.readableBytes() - length + " bytes after the end of the frame");
            }
            // A large blob stays in the buffer it arrived in: no copy of a chunk on its way to the disk. A small
            // one is copied, so that it does not keep a large buffer alive while it waits in a mailbox.
            blob = length >= RETAIN_FROM_BYTES ? in.readRetainedSlice(length) : in.alloc().directBuffer(length).writeBytes(in, length);
        }
        Envelope.Kind kind = kindCode == 0 ? Envelope.Kind.REQUEST : Envelope.Kind.RESPONSE;
        return new WireFrame.Message(new Envelope(id, kind, source, target, timeout), body, blob);
    }

    private static byte[] readBytes(ByteBuf in, int limit, String what) throws MalformedFrameException {
        byte[] bytes = new byte[checkedLength(in, limit, what)];
        in.readBytes(bytes);
        return bytes;
    }

    private static int checkedLength(ByteBuf in, int limit, String what) throws MalformedFrameException {
        int length = in.readInt();
        if (length < 0 || length > limit) {
            throw new MalformedFrameException(what + " length " + Integer.toUnsignedString(length) + " is over the limit of " + limit);
        }
        if (length > in.readableBytes()) {
            throw new MalformedFrameException(what + " says " + length + " bytes but the frame has " + in.readableBytes());
        }
        return length;
    }

    private static void writeAddress(ByteBuf out, Address address) {
        writeString(out, address.node());
        writeString(out, address.process());
    }

    private static Address readAddress(ByteBuf in) throws MalformedFrameException {
        String node = readString(in);
        String process = readString(in);
        try {
            return new Address(node, process);
        } catch (IllegalArgumentException e) {
            throw new MalformedFrameException("bad address: " + e.getMessage());
        }
    }

    private static void writeString(ByteBuf out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 255) {
            throw new IllegalArgumentException("'" + value + "' is longer than 255 bytes");
        }
        out.writeByte(bytes.length);
        out.writeBytes(bytes);
    }

    private static String readString(ByteBuf in) throws MalformedFrameException {
        int length = in.readUnsignedByte();
        if (length > in.readableBytes()) {
            throw new MalformedFrameException("frame ends inside a string");
        }
        ByteBuffer bytes = in.nioBuffer(in.readerIndex(), length);
        in.skipBytes(length);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedFrameException("a string is not valid UTF-8");
        }
    }
}
