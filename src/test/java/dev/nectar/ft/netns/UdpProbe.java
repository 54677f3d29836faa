package dev.nectar.ft.netns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stand-alone program a test runs inside a namespace ({@code java -cp target/test-classes ...}): sends one
 * datagram to a multicast group from the interface holding an address, or counts the datagrams of a group by
 * their source for some seconds.
 *
 * <pre>
 *   send  LOCAL_ADDRESS GROUP PORT TEXT
 *   count LOCAL_ADDRESS GROUP PORT MILLIS     prints one line per source: ADDRESS COUNT
 * </pre>
 */
public final class UdpProbe {
    private UdpProbe() {}

    public static void main(String[] args) throws Exception {
        NetworkInterface face = NetworkInterface.getByInetAddress(InetAddress.getByName(args[1]));
        InetAddress group = InetAddress.getByName(args[2]);
        int port = Integer.parseInt(args[3]);
        if (args[0].equals("send")) {
            try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET)
                    .setOption(StandardSocketOptions.IP_MULTICAST_IF, face)) {
                channel.send(ByteBuffer.wrap(args[4].getBytes(StandardCharsets.UTF_8)), new InetSocketAddress(group, port));
            }
            return;
        }
        Map<String, Integer> counts = new TreeMap<>();
        try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET)
                .setOption(StandardSocketOptions.SO_REUSEADDR, true)
                .bind(new InetSocketAddress(group, port))) {
            channel.join(group, face);
            channel.configureBlocking(false);
            long end = System.nanoTime() + Long.parseLong(args[4]) * 1_000_000;
            ByteBuffer buffer = ByteBuffer.allocate(2048);
            while (System.nanoTime() < end) {
                buffer.clear();
                InetSocketAddress source = (InetSocketAddress) channel.receive(buffer);
                if (source == null) {
                    Thread.onSpinWait();
                    Thread.sleep(5);
                    continue;
                }
                counts.merge(source.getAddress().getHostAddress(), 1, Integer::sum);
            }
        }
        counts.forEach((source, count) -> System.out.println(source + " " + count));
    }
}
