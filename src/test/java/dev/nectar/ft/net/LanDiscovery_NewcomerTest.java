package dev.nectar.ft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nectar.ft.home.HostPort;
import dev.nectar.ft.identity.NodeId;
import dev.nectar.ft.wire.Announcement;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two nodes that start at once, on loopback (announcements stay on this machine), with an interval far longer than
 * the test: each hears the other by the announcements made for newcomers alone.
 */
class LanDiscovery_NewcomerTest {
    private static final HostPort LOOPBACK = new HostPort("127.0.0.1", 7700);
    private static final Duration NEVER_AGAIN = Duration.ofHours(1);

    @Test
    @Timeout(60)
    void aNodeHeardMomentsAfterThisOneAnnouncedItselfStillHearsOfItSoon() throws Exception {
        String alice = "a".repeat(52);
        String bob = "b".repeat(52);
        NearbyNodes heardByAlice = new NearbyNodes(16, NEVER_AGAIN);
        NearbyNodes heardByBob = new NearbyNodes(16, NEVER_AGAIN);
        try (DatagramChannel watcher = watchLoopback()) {
            try (LanDiscovery first = start(alice, heardByAlice)) {
                // Bob starts only once alice's own announcement went by, unheard by him, and within the moments after
                // it in which she would not announce again.
                awaitAnnouncementOf(watcher, alice);
                try (LanDiscovery second = start(bob, heardByBob)) {
                    await().atMost(Duration.ofSeconds(20)).until(() -> heardByBob.find(new NodeId(alice), System.nanoTime()).isPresent());
                    assertThat(heardByAlice.find(new NodeId(bob), System.nanoTime())).isPresent();
                }
            }
        }
    }

    private static LanDiscovery start(String nodeId, NearbyNodes nearby) throws Exception {
        return LanDiscovery.start(LOOPBACK, LanDiscovery.announcementOf(nodeId, "node-" + nodeId.charAt(0), LOOPBACK.port(), 1), nearby,
                NEVER_AGAIN, heard -> { });
    }

    private static DatagramChannel watchLoopback() throws Exception {
        DatagramChannel watcher = DatagramChannel.open(StandardProtocolFamily.INET).setOption(StandardSocketOptions.SO_REUSEADDR, true)
                .bind(new InetSocketAddress(LanDiscovery.GROUP, LanDiscovery.PORT));
        watcher.join(InetAddress.getByName(LanDiscovery.GROUP), NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress()));
        return watcher;
    }

    private static void awaitAnnouncementOf(DatagramChannel watcher, String nodeId) throws Exception {
        ByteBuffer buffer = ByteBuffer.allocate(Announcement.MAX_BYTES + 1);
        Announcement heard;
        do {
            buffer.clear();
            watcher.receive(buffer);
            heard = Announcement.decode(buffer.array(), buffer.position());
        } while (!heard.nodeId().equals(nodeId));
    }
}
