import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A delay line for the WAN benchmark, since these machines have no netem: a TCP proxy that holds the bytes of each
 * direction of each connection for a fixed delay before passing them on, so that a round trip through it takes
 * twice that delay more. Each direction holds at most {@link #HELD_BYTES}; a sender that outruns that waits, as on a
 * link whose bandwidth-delay product is that size (32 MiB: 1 Gbit/s for 250 ms one way).
 *
 * <p>It ends TCP on both sides, as a performance-enhancing proxy does: the endpoints' TCP windows see a short
 * loop, and what the delay costs a tool is what its own protocol waits for (a request's answer, an SSH channel's
 * window), not its kernel's TCP window. The rate limit is not its business: tc tbf on the path does that.
 *
 * <pre>java bench/DelayLine.java ONE_WAY_MILLIS LISTEN_HOST:PORT=TARGET_HOST:PORT ...</pre>
 */
public final class DelayLine {
    static final int HELD_BYTES = 32 << 20;
    private static final int SEGMENT_BYTES = 64 << 10;

    /** Bytes read at {@code readNanos}, or the end of the stream when {@code bytes} is null. */
    private record Segment(byte[] bytes, int length, long readNanos) {}

    public static void main(String[] args) throws IOException {
        long delayNanos = Long.parseLong(args[0]) * 1_000_000L;
        List<ServerSocket> listeners = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String[] route = args[i].split("=");
            ServerSocket listener = new ServerSocket();
            listener.bind(address(route[0]));
            listeners.add(listener);
            InetSocketAddress target = address(route[1]);
            Thread.ofPlatform().start(() -> accept(listener, target, delayNanos));
        }
        System.out.println("delay line: " + args[0] + " ms each way on " + listeners.size() + " routes");
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private static void accept(ServerSocket listener, InetSocketAddress target, long delayNanos) {
        while (true) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                try {
                    server.connect(target, 10_000);
                } catch (IOException e) {
                    client.close();
                    continue;
                }
                for (Socket socket : List.of(client, server)) {
                    socket.setTcpNoDelay(true);
                }
                AtomicInteger open = new AtomicInteger(2);
                direction(client, server, delayNanos, open);
                direction(server, client, delayNanos, open);
            } catch (IOException e) {
                System.err.println("delay line: " + e.getMessage());
                return;
            }
        }
    }

    /**
     * Copies {@code from} to {@code to}, each segment leaving {@code delayNanos} after it was read; the last of the
     * two directions of a connection ({@code open}) to end closes both sockets.
     */
    private static void direction(Socket from, Socket to, long delayNanos, AtomicInteger open) {
        Semaphore room = new Semaphore(HELD_BYTES);
        BlockingQueue<Segment> line = new ArrayBlockingQueue<>(HELD_BYTES / 1024);
        Thread.ofPlatform().daemon().start(() -> {
            try {
                InputStream in = from.getInputStream();
                while (true) {
                    room.acquire(SEGMENT_BYTES);
                    byte[] bytes = new byte[SEGMENT_BYTES];
                    int read = in.read(bytes);
                    if (read < 0) {
                        break;
                    }
                    room.release(SEGMENT_BYTES - read);
                    line.put(new Segment(bytes, read, System.nanoTime()));
                }
            } catch (IOException | InterruptedException e) {
                // The connection ended: what was read still goes out, then the end.
            }
            try {
                line.put(new Segment(null, 0, System.nanoTime()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread.ofPlatform().daemon().start(() -> {
            try {
                OutputStream out = to.getOutputStream();
                while (true) {
                    Segment segment = line.take();
                    long wait;
                    while ((wait = segment.readNanos() + delayNanos - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    if (segment.bytes() == null) {
                        to.shutdownOutput();
                        break;
                    }
                    out.write(segment.bytes(), 0, segment.length());
                    room.release(segment.length());
                }
                if (open.decrementAndGet() > 0) {
                    return;
                }
            } catch (IOException | InterruptedException e) {
                // A side went away: the connection ends in both directions.
            }
            closeQuietly(from);
            closeQuietly(to);
        });
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all that is left to do.
        }
    }
}
