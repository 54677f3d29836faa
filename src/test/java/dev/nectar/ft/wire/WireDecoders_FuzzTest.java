package dev.nectar.ft.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of every decoder a remote node's bytes reach (Jazzer): whatever the bytes, a decoder returns
 * a message or refuses them with its malformed-input exception, never another error; a message it returns encodes to
 * bytes that decode to that message again; and the streaming reader of {@code Whole} answers as the tree reading does.
 *
 * <p>As a unit test each target replays the inputs kept under {@code WireDecoders_FuzzTestInputs/TARGET/} in the test
 * resources: a valid message of every kind, and what fuzzing found. {@code scripts/fuzz.sh} fuzzes the targets; an
 * input that breaks one lands in its directory and fails the unit test until the decoder is mended.
 */
class WireDecoders_FuzzTest {
    @FuzzTest
    void frames(byte[] bytes) throws MalformedFrameException {
        FrameCodec codec = new FrameCodec(new FrameLimits(64 * 1024, 256 * 1024));
        WireFrame frame;
        try {
            frame = codec.decode(Unpooled.wrappedBuffer(bytes));
        } catch (MalformedFrameException refused) {
            return;
        }
        byte[] once = encoded(codec, frame);
        assertThat(encoded(codec, codec.decode(Unpooled.wrappedBuffer(once)))).isEqualTo(once);
    }

    @FuzzTest
    void transferRequests(byte[] body) throws MalformedMessageException {
        TransferRequest request = decodedOrNull(() -> TransferRequest.decode(body));
        if (request != null) {
            assertThat(TransferRequest.decode(request.encode())).isEqualTo(request);
        }
    }

    @FuzzTest
    void transferResponses(byte[] body) throws MalformedMessageException {
        TransferResponse response = decodedOrNull(() -> TransferResponse.decode(body));
        if (response != null) {
            assertThat(TransferResponse.decode(response.encode())).isEqualTo(response);
        }
    }

    @FuzzTest
    void workerMessages(byte[] body) throws MalformedMessageException {
        WorkerMessage streamed = decodedOrNull(() -> WorkerMessage.decode(body));
        WorkerMessage tree = decodedOrNull(() -> WorkerMessage.decodeTree(body));
        assertThat(streamed).isEqualTo(tree);
        if (tree != null) {
            assertThat(WorkerMessage.decode(tree.encode())).isEqualTo(tree);
        }
    }

    @FuzzTest
    void announcements(byte[] datagram) throws MalformedMessageException {
        Announcement announcement = decodedOrNull(() -> Announcement.decode(datagram, datagram.length));
        if (announcement != null) {
            byte[] encoded = announcement.encode();
            assertThat(Announcement.decode(encoded, encoded.length)).isEqualTo(announcement);
        }
    }

    @FuzzTest
    void relayLines(byte[] bytes) throws MalformedFrameException {
        String line = firstLine(new String(bytes, StandardCharsets.UTF_8));
        for (boolean request : new boolean[] {true, false}) {
            RelayLine decoded;
            try {
                decoded = request ? RelayLine.decodeRequest(line) : RelayLine.decodeAnswer(line);
            } catch (MalformedFrameException refused) {
                continue;
            }
            assertThat(decoded.toString()).doesNotContainPattern("\\p{Cc}");
            String again = firstLine(decoded.encode());
            assertThat(request ? RelayLine.decodeRequest(again) : RelayLine.decodeAnswer(again)).isEqualTo(decoded);
        }
    }

    /** What the link's line decoder (Netty's {@code LineBasedFrameDecoder}) hands on: up to the first newline, a CR before it dropped. */
    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        if (end < 0) {
            return text;
        }
        return text.substring(0, end > 0 && text.charAt(end - 1) == '\r' ? end - 1 : end);
    }

    private static byte[] encoded(FrameCodec codec, WireFrame frame) {
        ByteBuf buffer = Unpooled.buffer();
        codec.encode(frame, buffer);
        return ByteBufUtil.getBytes(buffer);
    }

    private interface Decoding<T> {
        T decode() throws MalformedMessageException;
    }

    /** What {@code decoding} gives, or null when it refuses the bytes as malformed; any other error fails the target. */
    private static <T> T decodedOrNull(Decoding<T> decoding) {
        try {
            return decoding.decode();
        } catch (MalformedMessageException refused) {
            return null;
        }
    }
}
