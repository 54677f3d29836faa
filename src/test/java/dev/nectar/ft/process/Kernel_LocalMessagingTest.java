package dev.nectar.ft.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nectar.ft.home.Home;
import dev.nectar.ft.identity.AddressBook;
import dev.nectar.ft.identity.NodeIdentity;
import dev.nectar.ft.net.Network;
import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.ErrorReply;
import dev.nectar.ft.wire.WireFrame;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Kernel_LocalMessagingTest {
    private static final Address TERMINAL = new Address("our", "terminal");

    @TempDir
    Path directory;
    Network network;
    Kernel kernel;

    @BeforeEach
    void setUp() throws Exception {
        NodeIdentity identity = NodeIdentity.generate();
        network = new Network(identity, "test", dev.nectar.ft.home.Limits.DEFAULT);
        kernel = new Kernel(identity.nodeId(), network, AddressBook.load(new Home(directory)));
    }

    @AfterEach
    void tearDown() {
        kernel.close();
        network.close();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(WireFrame.Message message) {
        return new String(message.body(), StandardCharsets.UTF_8);
    }

    private WireFrame.Message ask(String process, String body, Duration timeout) throws Exception {
        return kernel.request(TERMINAL, new Address("our", process), bytes(body), null, timeout).get(10, TimeUnit.SECONDS);
    }

    /** A process that counts the messages it has seen since it (re)started, and crashes on "crash". */
    private static Process counter() {
        AtomicInteger seen = new AtomicInteger();
        return (message, context) -> {
            if (text(message).equals("\"crash\"")) {
                throw new IllegalStateException("asked to crash");
            }
            context.respond(message, bytes(String.valueOf(seen.incrementAndGet())));
        };
    }

    @Test
    void aRequestGetsItsResponseWithTheResponderAsSource() throws Exception {
        kernel.spawn("counter", Kernel_LocalMessagingTest::counter, OnExit.NONE);

        WireFrame.Message response = ask("counter", "\"hi\"", Duration.ofSeconds(5));

        assertThat(text(response)).isEqualTo("1");
        assertThat(response.envelope().source()).isEqualTo(kernel.local("counter"));
    }

    @Test
    void aMessageToNoProcessIsAnsweredWithNoSuchProcess() throws Exception {
        WireFrame.Message response = ask("nobody", "\"hi\"", Duration.ofSeconds(5));

        assertThat(ErrorReply.in(response.body())).map(ErrorReply::kind).contains(ErrorReply.NO_SUCH_PROCESS);
    }

    @Test
    void aSilentProcessMakesTheRequestTimeOut() {
        kernel.spawn("silent", () -> (message, context) -> {}, OnExit.NONE);

        CompletableFuture<WireFrame.Message> response =
                kernel.request(TERMINAL, new Address("our", "silent"), bytes("1"), null, Duration.ofMillis(200));

        assertThat(response).failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOfSatisfying(RequestFailedException.class,
                        failed -> assertThat(failed.reason()).isEqualTo(RequestFailedException.Reason.TIMEOUT))
                .withMessageContaining("within 0.2 s");
    }

    @Test
    void aCrashedProcessWithRestartComesBackFreshAtTheSameAddress() throws Exception {
        kernel.spawn("counter", Kernel_LocalMessagingTest::counter, OnExit.RESTART);
        assertThat(text(ask("counter", "\"a\"", Duration.ofSeconds(5)))).isEqualTo("1");
        assertThat(text(ask("counter", "\"b\"", Duration.ofSeconds(5)))).isEqualTo("2");

        WireFrame.Message crash = ask("counter", "\"crash\"", Duration.ofSeconds(5));

        assertThat(ErrorReply.in(crash.body())).map(ErrorReply::kind).contains(ErrorReply.INTERNAL);
        assertThat(text(ask("counter", "\"c\"", Duration.ofSeconds(5)))).isEqualTo("1");
    }

    @Test
    void aCrashedProcessWithoutRestartIsGone() throws Exception {
        kernel.spawn("counter", Kernel_LocalMessagingTest::counter, OnExit.NONE);

        ask("counter", "\"crash\"", Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(5)).until(() -> !kernel.isRunning("counter"));
        assertThat(ErrorReply.in(ask("counter", "\"a\"", Duration.ofSeconds(5)).body()))
                .map(ErrorReply::kind).contains(ErrorReply.NO_SUCH_PROCESS);
    }

    @Test
    void aProcessMayBlockOnARequestWhileOthersKeepWorking() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        kernel.spawn("slow", () -> (message, context) -> {
            release.await();
            context.respond(message, bytes("\"slow done\""));
        }, OnExit.NONE);
        kernel.spawn("asker", () -> (message, context) -> {
            WireFrame.Message answer = context.request(new Address("our", "slow"), bytes("1"), Duration.ofSeconds(10)).get();
            context.respond(message, answer.body());
        }, OnExit.NONE);
        kernel.spawn("counter", Kernel_LocalMessagingTest::counter, OnExit.NONE);

        CompletableFuture<WireFrame.Message> blocked =
                kernel.request(TERMINAL, new Address("our", "asker"), bytes("1"), null, Duration.ofSeconds(10));
        assertThat(text(ask("counter", "\"x\"", Duration.ofSeconds(5)))).isEqualTo("1");
        assertThat(blocked).isNotDone();

        release.countDown();
        assertThat(text(blocked.get(10, TimeUnit.SECONDS))).isEqualTo("\"slow done\"");
    }

    @Test
    void workersGetDistinctAddressesAndExitWhenTheyAskTo() throws Exception {
        Address first = kernel.spawn(null, () -> (message, context) -> {
            context.respond(message, bytes("\"bye\""));
            context.exit();
        }, OnExit.NONE);
        Address second = kernel.spawn(null, () -> (message, context) -> {}, OnExit.NONE);

        assertThat(first).isNotEqualTo(second);
        assertThat(first.process()).startsWith("worker-");
        assertThat(text(ask(first.process(), "1", Duration.ofSeconds(5)))).isEqualTo("\"bye\"");
        await().atMost(Duration.ofSeconds(5)).until(() -> !kernel.isRunning(first.process()));
    }

    @Test
    void anUnknownNodeFailsAtOnceWithAHint() {
        CompletableFuture<WireFrame.Message> response =
                kernel.request(TERMINAL, new Address("carol", "file_transfer"), bytes("1"), null, Duration.ofSeconds(5));

        assertThat(response).failsWithin(Duration.ofSeconds(1))
                .withThrowableOfType(ExecutionException.class)
                .withMessageContaining("unknown peer 'carol'")
                .withMessageContaining("ft peer add");
    }
}
