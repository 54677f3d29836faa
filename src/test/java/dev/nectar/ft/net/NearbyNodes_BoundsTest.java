package dev.nectar.ft.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nectar.ft.home.HostPort;
import dev.nectar.ft.wire.Announcement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table of nodes heard nearby: what a new announcement changes, expiry, and the bound on its size. */
class NearbyNodes_BoundsTest {
    private static final long SECOND = 1_000_000_000L;

    private static Announcement of(char id, String name, int port) {
        return new Announcement(String.valueOf(id).repeat(52), name, List.of(port), 1, 7);
    }

    @Test
    void aNewNodeANewAddressAndARepeatAreToldApart() {
        NearbyNodes nearby = new NearbyNodes(4, Duration.ofSeconds(90));

        assertThat(nearby.heard(of('b', "bob", 7700), "10.0.0.2", 0)).isEqualTo(NearbyNodes.Change.NEW_NODE);
        assertThat(nearby.heard(of('b', "bob", 7700), "10.0.0.2", SECOND)).isEqualTo(NearbyNodes.Change.NONE);
        assertThat(nearby.heard(of('b', "bob", 7700), "fe80:0:0:0:0:0:0:2%eth0", 2 * SECOND)).isEqualTo(NearbyNodes.Change.NEW_ADDRESS);
        assertThat(nearby.heard(of('b', "bob", 7700), "10.0.0.2", 3 * SECOND)).as("heard on both families").isEqualTo(NearbyNodes.Change.NONE);
        assertThat(nearby.current(3 * SECOND).getFirst().addresses())
                .containsExactly(new HostPort("10.0.0.2", 7700), new HostPort("fe80:0:0:0:0:0:0:2%eth0", 7700));
    }

    @Test
    void anAddressNotHeardForTheExpiryIsDroppedWhileTheNodeStays() {
        NearbyNodes nearby = new NearbyNodes(4, Duration.ofSeconds(90));
        nearby.heard(of('b', "bob", 7700), "10.0.0.2", 0);
        nearby.heard(of('b', "bob", 7700), "10.0.0.9", 60 * SECOND);
        nearby.heard(of('b', "bob", 7700), "10.0.0.9", 120 * SECOND);

        assertThat(nearby.current(120 * SECOND).getFirst().addresses()).containsExactly(new HostPort("10.0.0.9", 7700));
    }

    @Test
    void aNodeNotHeardForTheExpiryIsGoneAndComesBackAsNew() {
        NearbyNodes nearby = new NearbyNodes(4, Duration.ofSeconds(90));
        nearby.heard(of('b', "bob", 7700), "10.0.0.2", 0);

        assertThat(nearby.current(89 * SECOND)).hasSize(1);
        assertThat(nearby.current(91 * SECOND)).isEmpty();
        assertThat(nearby.heard(of('b', "bob", 7700), "10.0.0.2", 92 * SECOND)).isEqualTo(NearbyNodes.Change.NEW_NODE);
    }

    @Test
    void pastItsCapacityTheNodeHeardLeastRecentlyIsForgotten() {
        NearbyNodes nearby = new NearbyNodes(3, Duration.ofSeconds(90));
        nearby.heard(of('a', "a", 1), "10.0.0.1", 1);
        nearby.heard(of('b', "b", 1), "10.0.0.2", 2);
        nearby.heard(of('c', "c", 1), "10.0.0.3", 3);
        nearby.heard(of('a', "a", 1), "10.0.0.1", 4);
        nearby.heard(of('d', "d", 1), "10.0.0.4", 5);

        assertThat(nearby.current(6).stream().map(NearbyNodes.Nearby::name)).containsExactly("d", "a", "c");
    }
}
