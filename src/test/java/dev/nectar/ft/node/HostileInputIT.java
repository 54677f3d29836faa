package dev.nectar.ft.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nectar.ft.identity.NodeIdentity;
import dev.nectar.ft.net.RawTlsClient;
import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.Envelope;
import dev.nectar.ft.wire.TransferRequest;
import dev.nectar.ft.wire.WireFrame;
import io.netty.buffer.Unpooled;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random and mutated frames, bodies and blobs from an authenticated node, thrown at a live node: it stays up,
 * answers others, writes nothing outside its drive and keeps its memory bounded; another peer's download still
 * completes. The number of bad inputs tried is printed.
 */
class HostileInputIT {
    private static TestNodes nodes;
    private static Node bob;
    private static Node alice;
    private static Path outside;
    private static final AtomicInteger TRIED = new AtomicInteger();
    private static final AtomicInteger LINKS_CLOSED = new AtomicInteger();

    /** One hostile input: raw bytes after Hello, or a well-framed message with a hostile body and blob. */
    record Attack(byte[] raw, String process, String body, byte[] blob) {}

    @BeforeContainer
    static void startNodes() throws Exception {
        nodes = new TestNodes();
        bob = nodes.start("bob");
        alice = nodes.start("alice");
        TestNodes.introduce(alice, bob);
        Sha256.randomFile(bob.home().publicDrive().resolve("public.bin"), 3 << 20, 5);
        outside = Files.createDirectories(bob.home().root().resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "not for the network");
    }

    @AfterContainer
    static void checkTheNodeIsWhole() throws Exception {
        try {
            System.out.printf("hostile inputs tried: %d, links the node closed for them: %d%n", TRIED.get(), LINKS_CLOSED.get());
            var status = Downloads.runOne(new TestApi(alice), "bob", "public.bin");
            assertThat(status.path("state").asText()).isEqualTo("done");
            assertThat(Sha256.of(alice.home().publicDrive().resolve("public.bin")))
                    .isEqualTo(Sha256.of(bob.home().publicDrive().resolve("public.bin")));
            try (Stream<Path> files = Files.list(outside)) {
                assertThat(files.map(path -> path.getFileName().toString())).containsExactly("secret.txt");
            }
            try (Stream<Path> files = Files.walk(bob.home().publicDrive())) {
                assertThat(files.filter(Files::isRegularFile).map(path -> path.getFileName().toString())).containsExactly("public.bin");
            }
            System.gc();
            long used = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            System.out.printf("heap in use after the attacks: %d MiB%n", used >> 20);
            assertThat(used).isLessThan(256L << 20);
        } finally {
            nodes.close();
        }
    }

    @Property(tries = 120)
    void noHostileInputHurtsTheNode(@ForAll("attacks") Attack attack) throws Exception {
        TRIED.incrementAndGet();
        try (RawTlsClient mallory = RawTlsClient.connect(bob.listenAddresses().getFirst(), NodeIdentity.generate())) {
            mallory.readFrame();
            mallory.sendFrame(new WireFrame.Hello("mallory", WireFrame.PROTOCOL_VERSION, List.of(), List.of()));
            if (attack.raw() != null) {
                mallory.sendRaw(attack.raw());
            } else {
                Envelope envelope = new Envelope(7, Envelope.Kind.REQUEST, new Address("mallory", "worker-0123456789ab"),
                        new Address("bob", attack.process()), 2_000);
                mallory.sendFrame(new WireFrame.Message(envelope, attack.body().getBytes(StandardCharsets.UTF_8),
                        attack.blob() == null ? null : Unpooled.wrappedBuffer(attack.blob())));
            }
            if (mallory.closedWithin(Duration.ofMillis(100))) {
                LINKS_CLOSED.incrementAndGet();
            }
        } catch (java.io.IOException closedEarly) {
            LINKS_CLOSED.incrementAndGet();
        }
        var answer = bob.kernel().request(new Address("our", "terminal"), new Address("our", "file_transfer"),
                new TransferRequest.ListFiles().encode(), null, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("public.bin");
    }

    @Provide
    Arbitrary<Attack> attacks() {
        Arbitrary<String> names = Arbitraries.oneOf(
                Arbitraries.of("../outside/secret.txt", "/etc/passwd", "a/../../outside/x", "public.bin", "public.bin/..",
                        ".public.bin.ft-partial", "C:\\Windows", "a\u0000b", "", "music/", "%2e%2e/x", "\u202e.exe"),
                Arbitraries.strings().ofMaxLength(300));
        Arbitrary<String> numbers = Arbitraries.of("-1", "0", "1", "9223372036854775807", "18446744073709551616", "1e400",
                "1.5", "\"7\"", "null", "[]");
        Arbitrary<String> bodies = Arbitraries.oneOf(
                names.map(name -> "{\"Download\":{\"name\":" + json(name) + ",\"target\":\"x@worker-0123456789ab\"}}"),
                Combinators.combine(names, numbers, numbers).as((name, offset, length) ->
                        "{\"Chunk\":{\"name\":" + json(name) + ",\"offset\":" + offset + ",\"length\":" + length + "}}"),
                Combinators.combine(numbers, numbers).as((from, to) -> "{\"Need\":{\"chunks\":[[" + from + "," + to + "]]}}"),
                Arbitraries.integers().between(1, 5000).map(depth -> "[".repeat(depth) + "]".repeat(depth)),
                Arbitraries.of("\"ListFiles\"", "\"Done\"", "{\"Progress\":{\"name\":\"x\",\"progress\":1e999}}",
                        "{\"Manifest\":{\"name\":\"x\",\"size\":-5,\"chunks\":[]}}", "{\"CancelTransfer\":{\"id\":\"worker-000000000000\"}}",
                        "{\"Error\":{\"kind\":\"x\",\"message\":\"y\"}}", "{}", "", "nul", "\"\\ud800\""),
                Arbitraries.strings().ofMaxLength(2000));
        Arbitrary<byte[]> blobs = Arbitraries.bytes().array(byte[].class).ofMaxSize(70_000).injectNull(0.5);
        Arbitrary<String> processes = Arbitraries.of("file_transfer", "kernel", "terminal", "worker-0123456789ab", "nobody");
        Arbitrary<Attack> messages = Combinators.combine(processes, bodies, blobs).as((process, body, blob) -> new Attack(null, process, body, blob));
        Arbitrary<Attack> raw = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(5000),
                Arbitraries.integers().map(length -> ByteBuffer.allocate(8).putInt(length).putInt(0x02000000).array())
        ).map(bytes -> new Attack(bytes, null, null, null));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, messages), net.jqwik.api.Tuple.of(1, raw));
    }

    private static String json(String text) {
        try {
            return dev.nectar.ft.wire.TaggedJson.MAPPER.writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @org.junit.jupiter.api.Test
    void aConnectionThatNeverStartsTlsIsClosedByTheHandshakeTimeout() throws Exception {
        try (TestNodes local = new TestNodes()) {
            Node node = local.start("carol");
            try (Socket loris = new Socket(node.listenAddresses().getFirst().host(), node.listenAddresses().getFirst().port())) {
                loris.setSoTimeout(20_000);
                long started = System.nanoTime();
                try (InputStream in = loris.getInputStream()) {
                    assertThat(in.read()).isEqualTo(-1);
                } catch (java.net.SocketException reset) {
                    // A reset is a close too.
                }
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
            }
        }
    }
}
