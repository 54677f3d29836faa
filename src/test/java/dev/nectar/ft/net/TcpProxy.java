package dev.nectar.ft.net;

import dev.nectar.ft.home.HostPort;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * An in-process TCP proxy on loopback for fault tests: it forwards bytes both ways between each accepted
 * connection and a target, and can throttle them or cut every connection. It sees only TLS records, so it can
 * slow or break a link but never forge its content.
 */
public final class TcpProxy implements AutoCloseable {
    private static final int BUFFER = 16 * 1024;

    private final ServerSocket server;
    private final HostPort target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile long bytesPerSecond;
    private volatile long stallAfterBytes = Long.MAX_VALUE;
    private final Set<Thread> stalled = ConcurrentHashMap.newKeySet();
    private final Set<Thread> pumps = ConcurrentHashMap.newKeySet();

    private TcpProxy(ServerSocket server, HostPort target) {
        this.server = server;
        this.target = target;
    }

    public static TcpProxy start(HostPort target) throws IOException {
        TcpProxy proxy = new TcpProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), target);
        Thread.ofVirtual().name("proxy-accept").start(proxy::accept);
        return proxy;
    }

    public HostPort address() {
        return new HostPort("127.0.0.1", server.getLocalPort());
    }

    /** Limits each direction of each connection to {@code bytesPerSecond}; 0 lifts the limit. */
    public void throttle(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    /**
     * Stops forwarding on every current connection without closing it, as a dead route would; new connections
     * flow normally.
     */
    public void stallAll() {
        stalled.addAll(pumps);
    }

    /**
     * Lets each direction of each connection forward at most {@code bytes}, then stalls it, so a test can cut a
     * link at a byte mark rather than race the bytes already past the proxy.
     */
    public void stallAfter(long bytes) {
        stallAfterBytes = bytes;
    }

    /** Closes every connection going through the proxy, as a network cut would. */
    public void cutAll() {
        sockets.forEach(TcpProxy::closeQuietly);
        sockets.clear();
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
                continue;
            }
            forward(client);
        }
    }

    /**
     * Connects {@code client} to the target. When the target is gone (a killed node), {@code client} is closed at once,
     * as its connection would be refused without the proxy, rather than left open to wait out its handshake's timeout.
     */
    private void forward(Socket client) {
        Socket upstream;
        try {
            upstream = new Socket(target.host(), target.port());
        } catch (IOException e) {
            closeQuietly(client);
            return;
        }
        sockets.add(client);
        sockets.add(upstream);
        Thread.ofVirtual().start(() -> pump(client, upstream));
        Thread.ofVirtual().start(() -> pump(upstream, client));
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER];
        pumps.add(Thread.currentThread());
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            long started = System.nanoTime();
            long moved = 0;
            long forwarded = 0;
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                // The bytes up to the stall mark go before the route stalls, the rest once it is let go.
                int beforeMark = 0;
                long allowed = Math.max(0, stallAfterBytes - forwarded);
                if (read > allowed) {
                    beforeMark = (int) allowed;
                    out.write(buffer, 0, beforeMark);
                    stalled.add(Thread.currentThread());
                }
                while (stalled.contains(Thread.currentThread()) && !from.isClosed()) {
                    // A stalled route holds the bytes until the connection is closed from either end.
                    LockSupport.parkNanos(10_000_000L);
                }
                out.write(buffer, beforeMark, read - beforeMark);
                forwarded += read;
                moved += read;
                long rate = bytesPerSecond;
                if (rate > 0) {
                    long due = started + moved * 1_000_000_000L / rate;
                    // Pace the stream: this is the proxy being slow on purpose, not a test waiting.
                    LockSupport.parkNanos(Math.max(0, due - System.nanoTime()));
                } else {
                    started = System.nanoTime();
                    moved = 0;
                }
            }
        } catch (IOException closed) {
            // Either side closed or the proxy cut the connection: close the other side too.
        } finally {
            pumps.remove(Thread.currentThread());
            stalled.remove(Thread.currentThread());
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        cutAll();
    }
}
