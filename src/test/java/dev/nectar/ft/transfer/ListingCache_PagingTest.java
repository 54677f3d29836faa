package dev.nectar.ft.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nectar.ft.vfs.Drive;
import dev.nectar.ft.wire.ErrorReply;
import dev.nectar.ft.wire.FileInfo;
import dev.nectar.ft.wire.FolderInfo;
import dev.nectar.ft.wire.ListEntry;
import dev.nectar.ft.wire.TransferRequest;
import dev.nectar.ft.wire.TransferResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListingCache_PagingTest {
    private static final int MAX_ANSWER = 4000;
    private static final int PAGE = 1000;

    @TempDir
    Path root;

    private Drive driveOf(int files) throws Exception {
        for (int i = 0; i < files; i++) {
            write("folder %d/a file with a longish name %03d.txt".formatted(i % 3, i), i);
        }
        return Drive.open(root);
    }

    private void write(String name, int size) throws Exception {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x".repeat(size));
    }

    private static TransferResponse ask(ListingCache cache, TransferRequest.ListFiles request) throws Exception {
        return TransferResponse.decode(cache.answer(request));
    }

    /** Every entry of a listing, page after page from {@code first}, each page checked against the answer limit. */
    private static List<ListEntry> allPages(ListingCache cache, TransferRequest.ListFiles request, TransferResponse.ListPage first) throws Exception {
        List<ListEntry> entries = new ArrayList<>(first.entries());
        for (TransferResponse.ListPage page = first; !page.last(); ) {
            byte[] encoded = cache.answer(request.continuedAt(page.version(), page.next()));
            assertThat(encoded.length).isLessThanOrEqualTo(MAX_ANSWER);
            page = (TransferResponse.ListPage) TransferResponse.decode(encoded);
            assertThat(page.version()).isEqualTo(first.version());
            entries.addAll(page.entries());
        }
        return entries;
    }

    private static List<ListEntry> filesOf(Drive drive) throws Exception {
        List<ListEntry> files = new ArrayList<>();
        drive.walk(entry -> files.add(new FileInfo(entry.name(), entry.size())));
        return files;
    }

    @Test
    void aListingThatFitsOneAnswerIsTheSeedsOneMessage() throws Exception {
        Drive drive = driveOf(10);
        ListingCache cache = new ListingCache(drive, MAX_ANSWER, PAGE, () -> {});

        assertThat(ask(cache, new TransferRequest.ListFiles())).isEqualTo(new TransferResponse.ListFiles(
                filesOf(drive).stream().map(FileInfo.class::cast).toList()));
    }

    @Test
    void aListingLargerThanOneAnswerComesInPagesThatTogetherHoldEveryFileOnceInNameOrder() throws Exception {
        Drive drive = driveOf(100);
        ListingCache cache = new ListingCache(drive, MAX_ANSWER, PAGE, () -> {});

        TransferResponse first = ask(cache, new TransferRequest.ListFiles());

        assertThat(first).isInstanceOf(TransferResponse.ListPage.class);
        TransferResponse.ListPage page = (TransferResponse.ListPage) first;
        assertThat(page.last()).isFalse();
        assertThat(allPages(cache, new TransferRequest.ListFiles(), page)).isEqualTo(filesOf(drive));
        // The version is the one the whole listing would have in one message, so "unless" works for large drives too.
        String whole = TransferResponse.ListFiles.versionOf(TransferResponse.ListFiles.encode(
                filesOf(drive).stream().map(FileInfo.class::cast).toList(), Integer.MAX_VALUE).orElseThrow());
        assertThat(page.version()).isEqualTo(whole);
        assertThat(ask(cache, new TransferRequest.ListFiles(whole))).isEqualTo(new TransferResponse.ListingUnchanged());
    }

    @Test
    void aDriveChangingOnceWhilePagedIsPagedFromTheVersionBegunAndTwiceSaysStartAgain() throws Exception {
        Drive drive = driveOf(100);
        ListingCache cache = new ListingCache(drive, MAX_ANSWER, PAGE, () -> {});
        List<ListEntry> before = filesOf(drive);
        TransferResponse.ListPage first = (TransferResponse.ListPage) ask(cache, new TransferRequest.ListFiles());

        write("folder 0/a new file.txt", 5);
        Files.delete(root.resolve("folder 2/a file with a longish name 059.txt"));
        TransferResponse.ListPage other = (TransferResponse.ListPage) ask(cache, new TransferRequest.ListFiles());

        assertThat(other.version()).isNotEqualTo(first.version());
        assertThat(allPages(cache, new TransferRequest.ListFiles(), first)).isEqualTo(before);
        assertThat(allPages(cache, new TransferRequest.ListFiles(), other)).isEqualTo(filesOf(drive));

        write("folder 1/another.txt", 5);
        ask(cache, new TransferRequest.ListFiles());
        assertThat(ask(cache, new TransferRequest.ListFiles().continuedAt(first.version(), first.next())))
                .isInstanceOfSatisfying(ErrorReply.class, error -> assertThat(error.kind()).isEqualTo(ErrorReply.LISTING_CHANGED));
    }

    @Test
    void oneLevelOfAFolderHoldsItsFilesAndItsFoldersWithWhatTheyHold() throws Exception {
        write("top/a.txt", 1);
        write("top/a/b.txt", 2);
        write("top/a/deeper/c.txt", 3);
        write("top/a-b/d.txt", 4);
        write("top/z.txt", 5);
        write("topping.txt", 6);
        write("other/e.txt", 7);
        ListingCache cache = new ListingCache(Drive.open(root), MAX_ANSWER, PAGE, () -> {});

        TransferResponse.ListPage top = (TransferResponse.ListPage) ask(cache, TransferRequest.ListFiles.of("top/", true));
        TransferResponse.ListPage drive = (TransferResponse.ListPage) ask(cache, TransferRequest.ListFiles.of("", true));

        assertThat(top.entries()).containsExactly(new FolderInfo("top/a-b", 1, 4), new FileInfo("top/a.txt", 1),
                new FolderInfo("top/a", 2, 5), new FileInfo("top/z.txt", 5));
        assertThat(top.last()).isTrue();
        assertThat(drive.entries()).containsExactly(new FolderInfo("other", 1, 7), new FolderInfo("top", 5, 15), new FileInfo("topping.txt", 6));
        assertThat(((TransferResponse.ListPage) ask(cache, TransferRequest.ListFiles.of("top/a", false))).entries())
                .containsExactly(new FileInfo("top/a/b.txt", 2), new FileInfo("top/a/deeper/c.txt", 3));
        assertThat(((TransferResponse.ListPage) ask(cache, TransferRequest.ListFiles.of("top/z.txt", false))).entries())
                .containsExactly(new FileInfo("top/z.txt", 5));
        assertThat(((TransferResponse.ListPage) ask(cache, TransferRequest.ListFiles.of("nothing", true))).entries()).isEmpty();
    }

    @Test
    void emptyFoldersAreListedOnlyToAnAskerThatAsksForThemAndNeverInTheSeedsMessage() throws Exception {
        write("top/a.txt", 1);
        Files.createDirectories(root.resolve("top/empty"));
        Files.createDirectories(root.resolve("top/sub/empty below"));
        Files.createDirectories(root.resolve("bare"));
        ListingCache cache = new ListingCache(Drive.open(root), MAX_ANSWER, PAGE, () -> {});

        TransferResponse.ListPage recursive = (TransferResponse.ListPage) ask(cache, TransferRequest.ListFiles.of("top", false).withEmptyFolders());
        TransferResponse.ListPage oneLevel = (TransferResponse.ListPage) ask(cache, TransferRequest.ListFiles.of("top", true).withEmptyFolders());
        TransferResponse.ListPage bare = (TransferResponse.ListPage) ask(cache, TransferRequest.ListFiles.of("bare", true).withEmptyFolders());
        TransferResponse.ListPage bareRecursive = (TransferResponse.ListPage) ask(cache, TransferRequest.ListFiles.of("bare", false).withEmptyFolders());
        TransferResponse whole = ask(cache, new TransferRequest.ListFiles());

        assertThat(recursive.entries()).containsExactly(new FileInfo("top/a.txt", 1), FolderInfo.empty("top/empty"),
                FolderInfo.empty("top/sub/empty below"));
        assertThat(oneLevel.entries()).containsExactly(new FileInfo("top/a.txt", 1), FolderInfo.empty("top/empty"), FolderInfo.empty("top/sub"));
        assertThat(bare.entries()).containsExactly(FolderInfo.empty("bare"));
        assertThat(bareRecursive.entries()).containsExactly(FolderInfo.empty("bare"));
        assertThat(((TransferResponse.ListPage) ask(cache, TransferRequest.ListFiles.of("top", false))).entries())
                .containsExactly(new FileInfo("top/a.txt", 1));
        assertThat(((TransferResponse.ListPage) ask(cache, TransferRequest.ListFiles.of("top", true))).entries())
                .containsExactly(new FileInfo("top/a.txt", 1));
        assertThat(((TransferResponse.ListPage) ask(cache, TransferRequest.ListFiles.of("bare", true))).entries()).isEmpty();
        assertThat(whole).isEqualTo(new TransferResponse.ListFiles(List.of(new FileInfo("top/a.txt", 1))));
    }

    @Test
    void anEmptyFolderMadeChangesThePagesVersionButNotTheSeedMessagesOne() throws Exception {
        write("top/a.txt", 1);
        ListingCache cache = new ListingCache(Drive.open(root), MAX_ANSWER, PAGE, () -> {});
        byte[] before = cache.answer(new TransferRequest.ListFiles());
        String pagesBefore = ((TransferResponse.ListPage) ask(cache, TransferRequest.ListFiles.of("top", false))).version();

        Files.createDirectories(root.resolve("top/new"));
        String pagesAfter = ((TransferResponse.ListPage) ask(cache, TransferRequest.ListFiles.of("top", false))).version();

        assertThat(pagesBefore).isEqualTo(TransferResponse.ListFiles.versionOf(before));
        assertThat(pagesAfter).isNotEqualTo(pagesBefore);
        assertThat(ask(cache, new TransferRequest.ListFiles(TransferResponse.ListFiles.versionOf(before))))
                .isEqualTo(new TransferResponse.ListingUnchanged());
    }

    @Test
    void aPageOutsideTheFolderAskedForIsRefused() throws Exception {
        ListingCache cache = new ListingCache(driveOf(100), MAX_ANSWER, PAGE, () -> {});
        TransferResponse.ListPage first = (TransferResponse.ListPage) ask(cache, TransferRequest.ListFiles.of("folder 1", false));

        assertThat(ask(cache, TransferRequest.ListFiles.of("folder 1", false).continuedAt(first.version(), 0)))
                .isInstanceOfSatisfying(ErrorReply.class, error -> assertThat(error.kind()).isEqualTo(ErrorReply.BAD_REQUEST));
    }

    @Test
    void aFolderListedAfterAFileStartsWithTheFileAfterItWhetherOrNotThatFileIsStillThere() throws Exception {
        Drive drive = driveOf(30);
        ListingCache cache = new ListingCache(drive, MAX_ANSWER, PAGE, () -> {});
        List<ListEntry> folder = filesOf(drive).stream().filter(file -> file.name().startsWith("folder 1/")).toList();
        String tenth = folder.get(9).name();

        TransferResponse.ListPage after = (TransferResponse.ListPage) ask(cache, TransferRequest.ListFiles.after("folder 1", tenth));
        Files.delete(root.resolve(tenth));
        TransferResponse.ListPage afterGone = (TransferResponse.ListPage) ask(cache, TransferRequest.ListFiles.after("folder 1", tenth));
        TransferResponse.ListPage afterAll = (TransferResponse.ListPage) ask(cache, TransferRequest.ListFiles.after("folder 1", "folder 1/~"));

        assertThat(after.entries()).isEqualTo(folder.subList(10, folder.size()));
        assertThat(afterGone.entries()).isEqualTo(folder.subList(10, folder.size()));
        assertThat(afterAll.entries()).isEmpty();
        assertThat(afterAll.last()).isTrue();
    }
}
