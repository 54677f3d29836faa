package dev.nectar.ft.node;

import static org.awaitility.Awaitility.await;

import dev.nectar.ft.identity.NodeIdentity;
import dev.nectar.ft.identity.Peer;
import dev.nectar.ft.net.RawTlsClient;
import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.ChunkRange;
import dev.nectar.ft.wire.Envelope;
import dev.nectar.ft.wire.FileManifest;
import dev.nectar.ft.wire.TransferRequest;
import dev.nectar.ft.wire.TransferResponse;
import dev.nectar.ft.wire.WireFrame;
import dev.nectar.ft.wire.WorkerMessage;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;

/**
 * A peer that speaks the real protocol over real TLS from this test, and sends chunk bytes that are wrong
 * when {@code corrupt(chunk, attempt)} says so: what a faulty disk or a hostile node would send.
 */
final class ScriptedSender implements AutoCloseable {
    private static final Address SELF = new Address("scripted", "file_transfer");
    private static final Address WORKER = new Address("scripted", "worker-scripted");
    private static final long MANIFEST_REQUEST = 100;

    private final RawTlsClient client;
    private final byte[] content;
    private final FileManifest manifest;
    private final BiPredicate<Integer, Integer> corrupt;
    final Map<Integer, AtomicInteger> sends = new ConcurrentHashMap<>();
    volatile String cancelReason;
    volatile boolean done;
    private Address receiver;

    private ScriptedSender(RawTlsClient client, String name, byte[] content, BiPredicate<Integer, Integer> corrupt) {
        this.client = client;
        this.content = content;
        this.corrupt = corrupt;
        int chunkSize = FileManifest.chunkSizeFor(content.length);
        List<String> hashes = new ArrayList<>();
        for (int offset = 0; offset < content.length; offset += chunkSize) {
            hashes.add(FileManifest.hex(FileManifest.sha256().digest(Arrays.copyOfRange(content, offset, Math.min(content.length, offset + chunkSize)))));
        }
        manifest = new FileManifest(name, content.length, 1_700_000_000_000L, chunkSize, hashes, FileManifest.fileHashOf(hashes));
    }

    /** Connects to {@code node} as a new peer called {@code peerName}, serving one file. */
    static ScriptedSender connect(Node node, String peerName, String name, byte[] content,
                                  BiPredicate<Integer, Integer> corrupt) throws Exception {
        NodeIdentity identity = NodeIdentity.generate();
        node.addressBook().add(new Peer(peerName, identity.nodeId(), List.of()));
        RawTlsClient client = RawTlsClient.connect(node.listenAddresses().getFirst(), identity);
        client.readFrame();
        client.sendFrame(new WireFrame.Hello(peerName, WireFrame.PROTOCOL_VERSION, List.of(), List.of()));
        await().atMost(Duration.ofSeconds(10)).until(() -> node.network().existingLink(identity.nodeId()).isPresent());
        ScriptedSender sender = new ScriptedSender(client, name, content, corrupt);
        Thread.ofVirtual().name("scripted-sender").start(sender::serve);
        return sender;
    }

    private void serve() {
        try {
            while (!done && cancelReason == null) {
                WireFrame.Message message = (WireFrame.Message) client.readFrame();
                Envelope envelope = message.envelope();
                if (envelope.kind() == Envelope.Kind.RESPONSE && envelope.id() == MANIFEST_REQUEST) {
                    send(WorkerMessage.decode(message.body()));
                    continue;
                }
                if (envelope.target().process().equals(SELF.process())) {
                    TransferRequest.Download download = (TransferRequest.Download) TransferRequest.decode(message.body());
                    receiver = new Address("receiver", download.target().process());
                    reply(envelope, new TransferResponse.Download(download.name(), WORKER).encode());
                    client.sendFrame(new WireFrame.Message(new Envelope(MANIFEST_REQUEST, Envelope.Kind.REQUEST, WORKER, receiver, 30_000),
                            new WorkerMessage.Manifest(manifest).encode(), null));
                } else {
                    send(WorkerMessage.decode(message.body()));
                }
            }
        } catch (Exception e) {
            if (cancelReason == null && !done) {
                cancelReason = "scripted sender stopped: " + e;
            }
        }
    }

    private void send(WorkerMessage message) throws Exception {
        switch (message) {
            case WorkerMessage.Need need -> {
                for (ChunkRange range : need.chunks()) {
                    for (int chunk = range.from(); chunk < range.to(); chunk++) {
                        sendChunk(chunk);
                    }
                }
            }
            case WorkerMessage.Done ignored -> done = true;
            case WorkerMessage.Cancel cancel -> cancelReason = cancel.reason();
            default -> throw new IllegalStateException("unexpected " + message);
        }
    }

    private void sendChunk(int chunk) throws Exception {
        int attempt = sends.computeIfAbsent(chunk, c -> new AtomicInteger()).incrementAndGet();
        long offset = manifest.offsetOf(chunk);
        byte[] bytes = Arrays.copyOfRange(content, (int) offset, (int) offset + manifest.lengthOf(chunk));
        if (corrupt.test(chunk, attempt)) {
            bytes[bytes.length / 2] ^= 0x5a;
        }
        client.sendFrame(new WireFrame.Message(new Envelope(1000 + chunk * 10L + attempt, Envelope.Kind.REQUEST, WORKER, receiver, 0),
                new WorkerMessage.Chunk(manifest.name(), offset, bytes.length).encode(), Unpooled.wrappedBuffer(bytes)));
    }

    private void reply(Envelope request, byte[] body) throws Exception {
        client.sendFrame(new WireFrame.Message(new Envelope(request.id(), Envelope.Kind.RESPONSE, SELF, request.source(), 0), body, null));
    }

    @Override
    public void close() throws Exception {
        client.close();
    }
}
