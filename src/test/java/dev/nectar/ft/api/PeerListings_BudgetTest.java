package dev.nectar.ft.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nectar.ft.wire.FileInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kept listings stay within their byte budget, the least recently browsed peer going first. */
class PeerListings_BudgetTest {
    private static final String VERSION = "0".repeat(64);
    private static final List<FileInfo> FILES = List.of(new FileInfo("a.bin", 1), new FileInfo("music/b.mp3", 1234));

    @Test
    void aListingComesBackWithItsVersionAndFiles() {
        PeerListings listings = new PeerListings(1 << 20);
        listings.put("bob", VERSION, FILES);
        assertThat(listings.get("bob")).hasValueSatisfying(listing -> {
            assertThat(listing.version()).isEqualTo(VERSION);
            assertThat(listing.files()).isEqualTo(FILES);
            assertThat(new String(listing.json())).isEqualTo("[{\"name\":\"a.bin\",\"size\":1},{\"name\":\"music/b.mp3\",\"size\":1234}]");
        });
    }

    @Test
    void overTheBudgetTheLeastRecentlyBrowsedPeerIsForgotten() {
        int oneListing = new PeerListings(1 << 20).put("x", VERSION, FILES).json().length;
        PeerListings listings = new PeerListings(2L * oneListing);
        listings.put("bob", VERSION, FILES);
        listings.put("carol", VERSION, FILES);
        listings.get("bob");
        listings.put("dave", VERSION, FILES);

        assertThat(listings.get("carol")).isEmpty();
        assertThat(listings.get("bob")).isPresent();
        assertThat(listings.get("dave")).isPresent();
    }

    @Test
    void aListingLargerThanTheWholeBudgetIsAnsweredButNotKept() {
        PeerListings listings = new PeerListings(10);
        assertThat(listings.put("bob", VERSION, FILES).files()).isEqualTo(FILES);
        assertThat(listings.get("bob")).isEmpty();
    }

    @Test
    void aNewListingOfTheSamePeerReplacesTheOld() {
        PeerListings listings = new PeerListings(1 << 20);
        listings.put("bob", VERSION, FILES);
        listings.put("bob", "1".repeat(64), List.of());
        assertThat(listings.get("bob")).hasValueSatisfying(listing -> assertThat(listing.files()).isEmpty());
    }
}
