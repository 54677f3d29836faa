package dev.nectar.ft.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FrameCodec_RoundTripTest {
    private static final FrameLimits LIMITS = new FrameLimits(64 * 1024, 256 * 1024);
    private final FrameCodec codec = new FrameCodec(LIMITS);

    @Property(tries = 300)
    void everyMessageDecodesToItself(@ForAll("messages") WireFrame.Message message) throws Exception {
        assertThat(roundTrip(message)).isEqualTo(message);
    }

    @Property(tries = 100)
    void everyHelloDecodesToItself(@ForAll("nodeNames") String name, @ForAll @IntRange(min = 0, max = 65535) int version,
                                   @ForAll @Size(max = 32) List<@net.jqwik.api.constraints.AlphaChars @net.jqwik.api.constraints.StringLength(max = 40) String> addresses,
                                   @ForAll @Size(max = 8) List<@net.jqwik.api.constraints.AlphaChars @net.jqwik.api.constraints.StringLength(max = 40) String> relays) throws Exception {
        WireFrame.Hello hello = new WireFrame.Hello(name, version, addresses, relays);
        assertThat(roundTrip(hello)).isEqualTo(hello);
    }

    @Property(tries = 100)
    void everyRelayFrameDecodesToItself(@ForAll boolean accepted, @ForAll("names") String text) throws Exception {
        for (WireFrame frame : List.of(new WireFrame.RelayRegister(), new WireFrame.RelayReply(accepted, text), new WireFrame.RelayInvite(text))) {
            assertThat(roundTrip(frame)).isEqualTo(frame);
        }
    }

    @Example
    void aHelloThatNamesNoNodeIsMalformed() {
        for (String name : List.of("", "-alice", "alice\u001b[2J", "a".repeat(64), "al ice")) {
            assertThatThrownBy(() -> roundTrip(new WireFrame.Hello(name, 2, List.of(), List.of())))
                    .isInstanceOf(MalformedFrameException.class).hasMessageContaining("names no node");
        }
    }

    @Example
    void aRelayReplysControlCharactersArriveAsQuestionMarks() throws Exception {
        assertThat(roundTrip(new WireFrame.RelayReply(false, "full\u001b[2J\r\nnow"))).isEqualTo(new WireFrame.RelayReply(false, "full?[2J??now"));
    }

    @Example
    void aRefusalTooLongForAStringIsCutNotRefused() throws Exception {
        WireFrame.RelayReply reply = new WireFrame.RelayReply(false, "é".repeat(200));
        WireFrame decoded = roundTrip(reply);
        assertThat(decoded).isInstanceOf(WireFrame.RelayReply.class);
        assertThat(((WireFrame.RelayReply) decoded).text()).isEqualTo("é".repeat(127));
    }

    @Property(tries = 300)
    void anyTruncationOfAValidFrameIsMalformedNeverACrash(@ForAll("messages") WireFrame.Message message,
                                                          @ForAll @IntRange(min = 0, max = 100) int percent) {
        ByteBuf encoded = Unpooled.buffer();
        codec.encode(message, encoded);
        int keep = Math.min(encoded.readableBytes() - 1, encoded.readableBytes() * percent / 100);
        ByteBuf truncated = encoded.slice(0, keep);
        assertThat(catchThrowable(() -> codec.decode(truncated))).isInstanceOf(MalformedFrameException.class);
    }

    @Property(tries = 1000)
    void randomBytesAreEitherAFrameOrMalformedNeverAnotherError(@ForAll @Size(max = 300) byte[] bytes) {
        Throwable thrown = catchThrowable(() -> codec.decode(Unpooled.wrappedBuffer(bytes)));
        assertThat(thrown).satisfiesAnyOf(
                error -> assertThat(error).isNull(),
                error -> assertThat(error).isInstanceOf(MalformedFrameException.class));
    }

    @Test
    void refusesABodyOrBlobOverItsLimitBeforeReadingIt() {
        ByteBuf frame = Unpooled.buffer();
        codec.encode(message(new byte[10], null), frame);
        int bodyLengthIndex = frame.writerIndex() - 1 - 10 - 4;
        frame.setInt(bodyLengthIndex, LIMITS.maxBodyBytes() + 1);
        assertThatThrownBy(() -> codec.decode(frame)).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("over the limit");
    }

    @Test
    void refusesTrailingBytesAndUnknownTypes() {
        ByteBuf frame = Unpooled.buffer();
        codec.encode(message(new byte[1], new byte[2]), frame);
        frame.writeByte(0);
        assertThatThrownBy(() -> codec.decode(frame)).hasMessageContaining("after the end");
        assertThatThrownBy(() -> codec.decode(Unpooled.wrappedBuffer(new byte[] {9}))).hasMessageContaining("unknown frame type 9");
    }

    private WireFrame roundTrip(WireFrame frame) throws MalformedFrameException {
        ByteBuf buffer = Unpooled.buffer();
        codec.encode(frame, buffer);
        return codec.decode(buffer);
    }

    private static WireFrame.Message message(byte[] body, byte[] blob) {
        Address address = new Address("bob", "file_transfer");
        return new WireFrame.Message(new Envelope(1, Envelope.Kind.REQUEST, address, address, 5000), body,
                blob == null ? null : Unpooled.wrappedBuffer(blob));
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().ofMaxLength(60).filter(text -> text.chars().noneMatch(Character::isISOControl));
    }

    @Provide
    Arbitrary<String> nodeNames() {
        return Combinators.combine(Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').ofLength(1),
                Arbitraries.strings().withCharRange('A', 'Z').withChars("._-0123456789xyz").ofMaxLength(62)).as(String::concat);
    }

    @Provide
    Arbitrary<WireFrame.Message> messages() {
        Arbitrary<Address> addresses = Combinators.combine(
                Arbitraries.strings().withChars("abcxyz019._-").ofMinLength(1).ofMaxLength(62).map(s -> "n" + s),
                Arbitraries.strings().withChars("abc_-019.").ofMinLength(1).ofMaxLength(63).map(s -> "p" + s)
        ).as(Address::new);
        Arbitrary<Envelope> envelopes = Combinators.combine(
                Arbitraries.longs(), Arbitraries.of(Envelope.Kind.class), addresses, addresses,
                Arbitraries.integers().between(0, Integer.MAX_VALUE)
        ).as(Envelope::new);
        Arbitrary<byte[]> bodies = Arbitraries.bytes().array(byte[].class).ofMaxSize(2000);
        Arbitrary<byte[]> blobs = Arbitraries.bytes().array(byte[].class).ofMaxSize(5000).injectNull(0.3);
        return Combinators.combine(envelopes, bodies, blobs).as((envelope, body, blob) ->
                new WireFrame.Message(envelope, body, blob == null ? null : Unpooled.wrappedBuffer(blob)));
    }
}
