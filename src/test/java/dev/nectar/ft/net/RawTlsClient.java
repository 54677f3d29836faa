package dev.nectar.ft.net;

import dev.nectar.ft.home.HostPort;
import dev.nectar.ft.home.Limits;
import dev.nectar.ft.identity.NodeIdentity;
import dev.nectar.ft.wire.FrameCodec;
import dev.nectar.ft.wire.FrameLimits;
import dev.nectar.ft.wire.WireFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A hand-driven TLS 1.3 client built on the JDK's engine, independent of the node's own link code, for tests
 * that must misbehave: no certificate, garbage after the handshake, oversized frames.
 */
public final class RawTlsClient implements AutoCloseable {
    private final SSLSocket socket;
    private final FrameCodec codec = new FrameCodec(new FrameLimits(Limits.DEFAULT.maxBodyBytes(), Limits.DEFAULT.maxBlobBytes()));

    private RawTlsClient(SSLSocket socket) {
        this.socket = socket;
    }

    /** Connects and completes the client side of the handshake, presenting {@code identity} (or no certificate if null). */
    public static RawTlsClient connect(HostPort address, NodeIdentity identity) throws Exception {
        return connect(address, identity, "TLSv1.3");
    }

    /** As {@link #connect(HostPort, NodeIdentity)}, offering only {@code protocol} (to check that older ones are refused). */
    public static RawTlsClient connect(HostPort address, NodeIdentity identity, String protocol) throws Exception {
        SSLContext context = SSLContext.getInstance(protocol);
        KeyManagerFactory keys = null;
        if (identity != null) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("node", identity.privateKey(), new char[0], new Certificate[] {identity.certificate()});
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, new char[0]);
        }
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        context.init(keys == null ? null : keys.getKeyManagers(), new TrustManager[] {trustAll}, new SecureRandom());
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(address.host(), address.port());
        socket.setEnabledProtocols(new String[] {protocol});
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return new RawTlsClient(socket);
    }

    public void sendFrame(WireFrame frame) throws IOException {
        ByteBuf buffer = Unpooled.buffer();
        buffer.writeInt(0);
        codec.encode(frame, buffer);
        buffer.setInt(0, buffer.readableBytes() - 4);
        byte[] bytes = new byte[buffer.readableBytes()];
        buffer.readBytes(bytes);
        sendRaw(bytes);
    }

    public void sendRaw(byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    /** Reads the next frame, failing if the connection ends first. */
    public WireFrame readFrame() throws Exception {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] frame = new byte[in.readInt()];
        in.readFully(frame);
        return codec.decode(Unpooled.wrappedBuffer(frame));
    }

    /**
     * True once the server has closed the connection (end of stream, or a TLS alert), reading and discarding
     * anything it sends before that; false if it stays open for the whole socket timeout.
     */
    public boolean closedByServer() {
        try {
            byte[] buffer = new byte[4096];
            while (socket.getInputStream().read(buffer) >= 0) {
                // Keep reading until the server closes.
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException closedWithAlertOrReset) {
            return true;
        }
    }

    /** Reads and discards until the server closes the connection; true if it did within {@code limit}. */
    public boolean closedWithin(java.time.Duration limit) throws IOException {
        socket.setSoTimeout((int) limit.toMillis());
        return closedByServer();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
