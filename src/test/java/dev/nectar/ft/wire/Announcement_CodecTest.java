package dev.nectar.ft.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The LAN announcement: every valid one survives a round trip in one datagram; anything else is refused, never a crash. */
class Announcement_CodecTest {
    @Provide
    Arbitrary<Announcement> announcements() {
        Arbitrary<String> nodeIds = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz234567").ofLength(52);
        Arbitrary<String> names = Combinators.combine(Arbitraries.strings().alpha().numeric().ofLength(1),
                Arbitraries.strings().alpha().numeric().withChars("._-").ofMaxLength(62)).as(String::concat);
        Arbitrary<List<Integer>> ports = Arbitraries.integers().between(1, 65535).list().ofMinSize(1).ofMaxSize(8);
        return Combinators.combine(nodeIds, names, ports, Arbitraries.integers().between(0, 1000), Arbitraries.longs().greaterOrEqual(0))
                .as(Announcement::new);
    }

    @Property
    void aValidAnnouncementRoundTripsInOneSmallDatagram(@ForAll("announcements") Announcement announcement) throws Exception {
        byte[] datagram = announcement.encode();

        assertThat(datagram.length).isLessThanOrEqualTo(Announcement.MAX_BYTES);
        assertThat(Announcement.decode(datagram, datagram.length)).isEqualTo(announcement);
    }

    @Property
    void anyOtherBytesAreRefusedWithAMalformedMessage(@ForAll @Size(max = 1200) byte[] garbage) {
        try {
            Announcement decoded = Announcement.decode(garbage, garbage.length);
            assertThat(decoded.nodeId()).hasSize(52);
        } catch (MalformedMessageException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 1)
    void shapesThatAreNotAnObjectAnnouncementAreRefused() {
        for (String shape : List.of("\"Announce\"", "{\"Announce\":null}", "{\"Announce\":[]}", "{\"Announce\":{}}", "[]", "null", "")) {
            byte[] bytes = shape.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> Announcement.decode(bytes, bytes.length)).as(shape).isInstanceOf(MalformedMessageException.class);
        }
    }

    @Property
    void aDatagramCutShortIsRefused(@ForAll("announcements") Announcement announcement, @ForAll @IntRange(min = 1, max = 40) int cut) {
        byte[] datagram = announcement.encode();
        int length = Math.max(0, datagram.length - cut);

        assertThatThrownBy(() -> Announcement.decode(datagram, length)).isInstanceOf(MalformedMessageException.class);
    }

    @Property(tries = 50)
    void fieldsOutOfRangeAreRefused(@ForAll("announcements") Announcement announcement) {
        String valid = new String(announcement.encode(), StandardCharsets.UTF_8);
        for (String broken : List.of(valid.replace("\"ports\":[", "\"ports\":[0,"), valid.replace("\"ports\":[", "\"ports\":[70000,"),
                valid.replace("\"node\":\"", "\"node\":\"x"), valid.replace("\"name\":\"", "\"name\":\"/"),
                valid.replaceAll("\"ports\":\\[[^]]*]", "\"ports\":[]"))) {
            byte[] bytes = broken.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> Announcement.decode(bytes, bytes.length)).as(broken).isInstanceOf(MalformedMessageException.class);
        }
        byte[] large = new byte[Announcement.MAX_BYTES + 1];
        assertThatThrownBy(() -> Announcement.decode(large, large.length)).isInstanceOf(MalformedMessageException.class);
    }
}
