package dev.nectar.ft.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nectar.ft.identity.NodeIdentity;
import dev.nectar.ft.net.RawTlsClient;
import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.Envelope;
import dev.nectar.ft.wire.ErrorReply;
import dev.nectar.ft.wire.WireFrame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Bad frames from an authenticated node close that node's link, and only that one. */
class HostileFramesIT {
    static Stream<Arguments> badFrames() {
        return Stream.of(
                Arguments.of("oversized length prefix", ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array()),
                Arguments.of("unknown frame type", frame(new byte[] {9, 1, 2, 3})),
                Arguments.of("empty frame", frame(new byte[0])),
                Arguments.of("truncated message", frame(new byte[] {2, 0, 0, 0})),
                Arguments.of("body length over the limit", frame(ByteBuffer.allocate(40).put((byte) 2).put((byte) 0).putLong(1).putInt(0)
                        .put((byte) 1).put((byte) 'a').put((byte) 1).put((byte) 'b').put((byte) 1).put((byte) 'c').put((byte) 1).put((byte) 'd')
                        .putInt(Integer.MAX_VALUE).array())),
                Arguments.of("a second Hello", null));
    }

    private static byte[] frame(byte[] content) {
        return ByteBuffer.allocate(4 + content.length).putInt(content.length).put(content).array();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFrames")
    void closesOnlyTheOffendingLink(String what, byte[] bytes) throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node alice = nodes.start("alice");
            Node bob = nodes.start("bob");
            TestNodes.introduce(alice, bob);
            TestNodes.write(bob, "a.txt", "hello".getBytes(StandardCharsets.UTF_8));
            assertThat(LinkAuthenticationIT.listFiles(alice, "bob")).contains("a.txt");

            try (RawTlsClient mallory = RawTlsClient.connect(bob.listenAddresses().getFirst(), NodeIdentity.generate())) {
                assertThat(mallory.readFrame()).isInstanceOf(WireFrame.Hello.class);
                mallory.sendFrame(new WireFrame.Hello("mallory", WireFrame.PROTOCOL_VERSION, List.of(), List.of()));
                if (bytes == null) {
                    mallory.sendFrame(new WireFrame.Hello("mallory", WireFrame.PROTOCOL_VERSION, List.of(), List.of()));
                } else {
                    mallory.sendRaw(bytes);
                }
                assertThat(mallory.closedByServer()).as("bob closes the link after: " + what).isTrue();
            }

            assertThat(LinkAuthenticationIT.listFiles(alice, "bob")).contains("a.txt");
            assertThat(LinkAuthenticationIT.listFiles(bob, "alice")).contains("ListFiles");
        }
    }

    @Test
    void aWellFormedRequestFromAStrangerIsAnsweredAndABadBodyGetsAnErrorNotAClosedLink() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node bob = nodes.start("bob");
            TestNodes.write(bob, "a.txt", "hello".getBytes(StandardCharsets.UTF_8));

            try (RawTlsClient stranger = RawTlsClient.connect(bob.listenAddresses().getFirst(), NodeIdentity.generate())) {
                stranger.readFrame();
                stranger.sendFrame(new WireFrame.Hello("stranger", WireFrame.PROTOCOL_VERSION, List.of(), List.of()));
                stranger.sendFrame(request(1, "{not json"));
                stranger.sendFrame(request(2, "\"ListFiles\""));

                WireFrame.Message first = (WireFrame.Message) stranger.readFrame();
                WireFrame.Message second = (WireFrame.Message) stranger.readFrame();

                assertThat(first.envelope().id()).isEqualTo(1);
                assertThat(ErrorReply.in(first.body())).map(ErrorReply::kind).contains(ErrorReply.BAD_REQUEST);
                assertThat(second.envelope().id()).isEqualTo(2);
                assertThat(new String(second.body(), StandardCharsets.UTF_8))
                        .isEqualTo("{\"ListFiles\":[{\"name\":\"a.txt\",\"size\":5}]}");
            }
        }
    }

    private static WireFrame.Message request(long id, String body) {
        return new WireFrame.Message(new Envelope(id, Envelope.Kind.REQUEST, new Address("stranger", "terminal"),
                new Address("bob", "file_transfer"), 5000), body.getBytes(StandardCharsets.UTF_8), null);
    }
}
