package dev.nectar.ft.wire;

import dev.nectar.ft.home.NodeConfig;
import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
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
 * u8 type                         1 = Hello, 2 = Message, 3 = RelayRegister, 4 = RelayReply, 5 = RelayInvite
 * Hello:   u16 version, str name, u8 count, count x str address, u8 count, count x str relay address
 * RelayRegister: nothing more
 * RelayReply:    u8 accepted, str text
 * RelayInvite:   str key
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
    private static final byte RELAY_REGISTER = 3;
    private static final byte RELAY_REPLY = 4;
    private static final byte RELAY_INVITE = 5;
    private static final int MAX_HELLO_RELAYS = 8;
    private static final int MAX_HELLO_ADDRESSES = 32;
    private static final int RETAIN_FROM_BYTES = 256 * 1024;
    /** Goes on while a byte is ASCII (Java's bytes are signed: the others are negative). */
    private static final ByteProcessor ASCII = value -> value >= 0;

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
                writeStrings(out, hello.addresses(), MAX_HELLO_ADDRESSES);
                writeStrings(out, hello.relays(), MAX_HELLO_RELAYS);
            }
            case WireFrame.RelayRegister register -> out.writeByte(RELAY_REGISTER);
            case WireFrame.RelayReply reply -> {
                out.writeByte(RELAY_REPLY);
                out.writeBoolean(reply.accepted());
                writeString(out, truncated(reply.text()));
            }
            case WireFrame.RelayInvite invite -> {
                out.writeByte(RELAY_INVITE);
                writeString(out, invite.key());
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
                case RELAY_REGISTER -> new WireFrame.RelayRegister();
                // A relay's name or its reason for refusing, which the owner reads in a log or an error.
                case RELAY_REPLY -> new WireFrame.RelayReply(readFlag(in, "accepted flag"), PrintableText.of(readString(in)));
                case RELAY_INVITE -> new WireFrame.RelayInvite(readString(in));
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
        if (!NodeConfig.isValidName(name)) {
            // Every log line about the link names it: only a name that a node can have gets that far.
            throw new MalformedFrameException("a hello that names no node (a name is 1-63 letters, digits, '.', '_' or '-')");
        }
        List<String> addresses = readStrings(in, MAX_HELLO_ADDRESSES, "addresses");
        List<String> relays = readStrings(in, MAX_HELLO_RELAYS, "relays");
        return new WireFrame.Hello(name, version, addresses, relays);
    }

    private static void writeStrings(ByteBuf out, List<String> values, int max) {
        int count = Math.min(values.size(), max);
        out.writeByte(count);
        values.stream().limit(count).forEach(value -> writeString(out, value));
    }

    private static List<String> readStrings(ByteBuf in, int max, String what) throws MalformedFrameException {
        int count = in.readUnsignedByte();
        if (count > max) {
            throw new MalformedFrameException("hello lists " + count + " " + what + ", more than " + max);
        }
        List<String> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(readString(in));
        }
        return values;
    }

    private static boolean readFlag(ByteBuf in, String what) throws MalformedFrameException {
        int flag = in.readUnsignedByte();
        if (flag > 1) {
            throw new MalformedFrameException(what + " " + flag + " is neither 0 nor 1");
        }
        return flag == 1;
    }

    /** A refusal's text is for people: one that does not fit a string is cut, never a reason to fail the frame. */
    private static String truncated(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= 255) {
            return text;
        }
        String cut = text;
        while (cut.getBytes(StandardCharsets.UTF_8).length > 255) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut;
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
        if (readFlag(in, "blob flag")) {
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
        if (in.forEachByte(in.readerIndex(), length, ASCII) < 0) {
            // ASCII, as the names of nodes and processes are: no decoder and its buffers for each of a message's strings.
            String ascii = in.toString(in.readerIndex(), length, StandardCharsets.US_ASCII);
            in.skipBytes(length);
            return ascii;
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
