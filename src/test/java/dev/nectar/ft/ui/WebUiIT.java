package dev.nectar.ft.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.nectar.ft.home.Limits;
import com.deque.html.axecore.results.Results;
import com.fasterxml.jackson.databind.JsonNode;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import dev.nectar.ft.identity.Peer;
import dev.nectar.ft.net.TcpProxy;
import dev.nectar.ft.node.Downloads;
import dev.nectar.ft.node.MemoryBackedTempDir;
import dev.nectar.ft.node.Node;
import dev.nectar.ft.node.Sha256;
import dev.nectar.ft.node.TestApi;
import dev.nectar.ft.node.TestNodes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** The web UI in a real browser (Debian's chromium, headless) against two real nodes. */
class WebUiIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path temporary;
    TestNodes nodes;
    Node alice;
    Node bob;
    WebDriver browser;

    @BeforeEach
    void setUp() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        // On CI the browser must be there (.ci/run installs it); elsewhere its absence skips these tests.
        assumeThat(present || System.getenv("CI") != null).as("chromium and chromedriver are not installed").isTrue();
        // In memory: one test here makes and deletes 100,000 files, which on ext4 slows every test after it.
        nodes = new TestNodes(MemoryBackedTempDir.parent());
        // Both announce themselves on loopback, where they listen, so that Peers lists each as nearby.
        alice = nodes.startDiscovering("alice");
        bob = nodes.startDiscovering("bob");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,1000",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + temporary.resolve("profile"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        browser = new ChromeDriver(service, options);
        browser.get(alice.uiLoginLink());
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> browser.findElement(By.id("node-name")).getText().equals("alice"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (nodes != null) {
            nodes.close();
        }
    }

    private void open(String section) {
        browser.findElement(By.cssSelector("nav button[data-section='" + section + "']")).click();
    }

    private WebElement awaitElement(By by) {
        WebElement[] found = new WebElement[1];
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            found[0] = browser.findElement(by);
            return found[0].isDisplayed();
        });
        return found[0];
    }

    /** Whether {@code element} was taken out of the page (drawn anew). */
    private static boolean isStale(WebElement element) {
        try {
            element.isDisplayed();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException gone) {
            return true;
        }
    }

    private void addBobAsPeer() {
        open("peers");
        browser.findElement(By.id("peer-ticket")).sendKeys(bob.ticket().encode());
        browser.findElement(By.cssSelector("#add-peer button")).click();
        awaitElement(By.cssSelector("#peer-list li[data-peer='bob']"));
    }

    @Test
    void addAPeerByTicketBrowseItAndWatchADownloadReachOneHundredPercent() throws Exception {
        Path source = Sha256.randomFile(bob.home().publicDrive().resolve("films/big buck.mkv"), 30L << 20, 9);

        addBobAsPeer();
        browser.findElement(By.cssSelector("#peer-list li[data-peer='bob'] button")).click();
        awaitElement(By.cssSelector("#browse-tree li[data-folder='films'] > .row > button.toggle")).click();
        WebElement file = awaitElement(By.cssSelector("#browse-tree li[data-name='films/big buck.mkv']"));
        file.findElement(By.tagName("button")).click();

        // The list is redrawn on every event, so each look reads what it needs from a fresh element.
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            id[0] = browser.findElement(By.cssSelector("#transfer-list li[data-transfer]")).getAttribute("data-transfer");
            return id[0] != null;
        });
        String[] seen = new String[3];
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            WebElement item = browser.findElement(By.cssSelector("#transfer-list li[data-transfer='" + id[0] + "']"));
            seen[0] = item.findElement(By.tagName("progress")).getAttribute("value");
            seen[1] = item.findElement(By.className("percent")).getText();
            seen[2] = item.getText();
            return "done".equals(item.getAttribute("data-state"));
        });
        assertThat(seen[0]).isEqualTo("100");
        assertThat(seen[1]).isEqualTo("100%");
        assertThat(seen[2]).contains("saved to " + alice.home().publicDrive().resolve("films/big buck.mkv"));
        assertThat(Sha256.of(alice.home().publicDrive().resolve("films/big buck.mkv"))).isEqualTo(Sha256.of(source));
        assertThat(browser.findElement(By.id("online")).getText()).isEqualTo("online");
    }

    @Test
    void aPeersFolderOfAHundredThousandFilesOpensAndScrollsWithOnlyTheRowsInViewDrawn() throws Exception {
        int files = 100_000;
        Path folder = Files.createDirectories(bob.home().publicDrive().resolve("huge"));
        for (int i = 0; i < files; i++) {
            Files.write(folder.resolve("file %06d.txt".formatted(i)), new byte[i % 7]);
        }

        addBobAsPeer();
        browser.findElement(By.cssSelector("#peer-list li[data-peer='bob'] button")).click();
        assertThat(awaitElement(By.cssSelector("#browse-tree li[data-folder='huge']")).getText()).contains("100,000 files");
        browser.findElement(By.cssSelector("#browse-tree li[data-folder='huge'] > .row > button.toggle")).click();
        WebElement box = awaitElement(By.cssSelector("#browse-tree .scroll-box[data-entries='100000']"));
        awaitElement(By.cssSelector("#browse-tree li[data-name='huge/file 000000.txt']"));
        assertThat(box.findElements(By.tagName("li"))).hasSizeLessThan(200);

        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollTop = arguments[0].scrollHeight", box);

        awaitElement(By.cssSelector("#browse-tree li[data-name='huge/file 099999.txt']"));
        assertThat(box.findElements(By.tagName("li"))).hasSizeLessThan(200);
        assertThat(browser.findElements(By.cssSelector("#browse-tree li[data-name='huge/file 000000.txt']"))).isEmpty();
    }

    @Test
    void aFolderOfMoreFilesThanThePageDrawsShowsTheNewestAndCountsTheRest() throws Exception {
        for (int i = 0; i < 250; i++) {
            TestNodes.write(bob, "letters/letter " + i + ".txt", ("dear " + i).getBytes(StandardCharsets.UTF_8));
        }

        addBobAsPeer();
        browser.findElement(By.cssSelector("#peer-list li[data-peer='bob'] button")).click();
        assertThat(awaitElement(By.cssSelector("#browse-tree li[data-folder='letters']")).getText()).contains("250 files");
        browser.findElement(By.cssSelector("#browse-tree li[data-folder='letters'] > .row > button:not(.toggle)")).click();

        String[] more = new String[1];
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            more[0] = browser.findElement(By.cssSelector("#transfer-list li[data-more]")).getText();
            return more[0].contains("250 of 250 done");
        });
        assertThat(more[0]).startsWith("and 50 more;");
        assertThat(browser.findElements(By.cssSelector("#transfer-list li[data-transfer]"))).hasSize(200);
        assertThat(Files.readString(alice.home().publicDrive().resolve("letters/letter 249.txt"))).isEqualTo("dear 249");
    }

    @Test
    void aFolderOfOverTenThousandFilesDownloadsAsOneTransferWhoseRowCountsItsFiles() throws Exception {
        int files = 10_050;
        Path folder = Files.createDirectories(bob.home().publicDrive().resolve("archive"));
        for (int i = 0; i < files; i++) {
            Files.write(folder.resolve("item %05d.txt".formatted(i)), ("item " + i).getBytes(StandardCharsets.UTF_8));
        }

        addBobAsPeer();
        browser.findElement(By.cssSelector("#peer-list li[data-peer='bob'] button")).click();
        awaitElement(By.cssSelector("#browse-tree li[data-folder='archive']"));
        browser.findElement(By.cssSelector("#browse-tree li[data-folder='archive'] > .row > button:not(.toggle)")).click();

        String id = await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            for (JsonNode status : new TestApi(alice).get("/api/transfers").body()) {
                if (status.path("name").asText().equals("archive/")) {
                    return status.path("id").asText();
                }
            }
            return null;
        }, Objects::nonNull);
        // The row's text is read where it is found: the list is drawn anew as statuses come, and an element found
        // before a redraw is stale after it.
        String row = await().atMost(Duration.ofMinutes(2)).ignoreExceptions()
                .until(() -> browser.findElement(By.cssSelector("#transfer-list li[data-transfer='" + id + "'][data-state='done']")).getText(),
                        Objects::nonNull);
        assertThat(row).contains("archive/").contains("10,050 of 10,050 files").doesNotContain("Pause");
        assertThat(Files.readString(alice.home().publicDrive().resolve("archive/item 10049.txt"))).isEqualTo("item 10049");
    }

    @Test
    void anUploadedFileIsListedOnTheOtherNode() throws Exception {
        Path local = Files.writeString(temporary.resolve("notes from alice.txt"), "uploaded through the browser");
        open("files");
        browser.findElement(By.id("upload")).sendKeys(local.toString());

        awaitElement(By.cssSelector("#file-tree li[data-name='notes from alice.txt']"));
        assertThat(Files.readString(alice.home().publicDrive().resolve("notes from alice.txt"))).isEqualTo("uploaded through the browser");
        TestNodes.introduce(alice, bob);
        TestApi.Response listed = new TestApi(bob).get("/api/peers/alice/files");
        assertThat(listed.body().toString()).contains("notes from alice.txt");
    }

    @Test
    void aRefusedDownloadShowsTheReasonInThePage() throws Exception {
        Sha256.randomFile(bob.home().publicDrive().resolve("private.bin"), 1000, 1);
        addBobAsPeer();
        browser.findElement(By.cssSelector("#peer-list li[data-peer='bob'] button")).click();
        WebElement file = awaitElement(By.cssSelector("#browse-tree li[data-name='private.bin']"));
        assertThat(new TestApi(bob).put("/api/access", "{\"mode\":\"allowlist\"}").status()).isEqualTo(200);

        file.findElement(By.tagName("button")).click();

        WebElement error = awaitElement(By.id("error"));
        assertThat(error.getText()).isEqualTo("bob refused: node " + alice.identity().nodeId().shortForm() + " is not on this node's allow-list");
        assertThat(alice.home().publicDrive().resolve("private.bin")).doesNotExist();
    }

    @Test
    void aNodeHeardNearbyIsListedLiveAndAddedWithOneClick() {
        open("peers");
        WebElement nearby = awaitElement(By.cssSelector("#nearby-list li[data-nearby='bob']"));
        assertThat(nearby.getText()).contains(bob.identity().nodeId().shortForm(), bob.listenAddresses().getFirst().toString());

        nearby.findElement(By.tagName("button")).click();

        awaitElement(By.cssSelector("#peer-list li[data-peer='bob']"));
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() ->
                browser.findElement(By.cssSelector("#nearby-list li[data-nearby='bob']")).getText().contains("peer bob"));
        assertThat(alice.addressBook().find("bob")).isPresent();
    }

    @Test
    void aRelayIsAddedByItsTicketAndShownConnected() throws Exception {
        Node relay = nodes.startRelay("relay1", Limits.DEFAULT);
        assertThat(browser.findElement(By.id("relay-list")).getText()).contains("No relays");

        browser.findElement(By.id("relay-ticket")).sendKeys(relay.ticket().encode());
        browser.findElement(By.cssSelector("#add-relay button")).click();

        WebElement item = awaitElement(By.cssSelector("#relay-list li[data-relay='relay1']"));
        assertThat(item.getText()).contains(relay.identity().nodeId().shortForm(), relay.listenAddresses().getFirst().toString());
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            String shown = browser.findElement(By.cssSelector("#relay-list li[data-relay='relay1']")).getText();
            return shown.contains("connected") && !shown.contains("not connected");
        });
        assertThat(browser.findElement(By.id("ticket")).getAttribute("value")).isEqualTo(alice.ticket().encode());
        assertThat(alice.ticket().relays()).isEqualTo(relay.listenAddresses());

        browser.findElement(By.cssSelector("#relay-list li[data-relay='relay1'] button")).click();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() ->
                browser.findElement(By.id("relay-list")).getText().contains("No relays"));
        assertThat(alice.network().relays().status()).isEmpty();
    }

    @Test
    void theActivityChartDrawsWhileAPeerDownloadsAndTheUploadIsListed() throws Exception {
        Sha256.randomFile(alice.home().publicDrive().resolve("talk.mp4"), 24L << 20, 12);
        TestNodes.introduce(alice, bob);
        open("activity");
        try (TcpProxy link = TcpProxy.start(alice.listenAddresses().getFirst())) {
            link.throttle(4L << 20);
            bob.addressBook().add(new Peer("alice", alice.identity().nodeId(), List.of(link.address())));
            String id = Downloads.start(new TestApi(bob), "alice", List.of("talk.mp4"), null, false).body().get(0).path("id").asText();

            // The list is redrawn on every event: each look finds the element afresh.
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                String shown = browser.findElement(By.cssSelector("#upload-list li[data-upload]")).getText();
                return shown.contains("talk.mp4") && shown.contains("to bob");
            });
            // A point above the baseline (y 158 is zero) means the chart drew a second with bytes sent.
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                String points = browser.findElement(By.id("chart-sent")).getAttribute("points");
                return java.util.Arrays.stream(points.split(" ")).anyMatch(point -> Double.parseDouble(point.split(",")[1]) < 150);
            });
            assertThat(browser.findElement(By.id("activity-now")).getText()).startsWith("Last second:");
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() ->
                    browser.findElement(By.cssSelector("#peer-totals tr[data-peer-total='bob']")).getText().contains("MiB"));
            Files.write(Path.of("target", "ui-activity.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            assertThat(Downloads.awaitEnd(new TestApi(bob), List.of(id)).getFirst().path("state").asText()).isEqualTo("done");
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() ->
                    "done".equals(browser.findElement(By.cssSelector("#upload-list li[data-upload]")).getAttribute("data-state")));
        }
    }

    @Test
    void aSwarmDownloadListsItsSourcesAndTheBytesFromEach() throws Exception {
        Path source = Sha256.randomFile(bob.home().publicDrive().resolve("lecture.mkv"), 24L << 20, 13);
        // Carol holds the same file from her start, so that her first scan indexes it.
        Path copy = nodes.directory().resolve("carol").resolve("files").resolve("lecture.mkv");
        Files.createDirectories(copy.getParent());
        Files.copy(source, copy, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        Node carol = nodes.start("carol");
        TestNodes.introduce(alice, carol);
        open("transfers");
        try (TcpProxy toBob = TcpProxy.start(bob.listenAddresses().getFirst())) {
            // The origin is slow, so that carol serves most of the file.
            toBob.throttle(2L << 20);
            alice.addressBook().add(new Peer("bob", bob.identity().nodeId(), List.of(toBob.address())));
            String id = Downloads.start(new TestApi(alice), "bob", List.of("lecture.mkv"), null, false).body().get(0).path("id").asText();

            String[] shown = new String[1];
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                WebElement item = browser.findElement(By.cssSelector("#transfer-list li[data-transfer='" + id + "']"));
                shown[0] = item.findElement(By.cssSelector("[data-sources]")).getText();
                return "done".equals(item.getAttribute("data-state"));
            });
            assertThat(shown[0]).startsWith("2 sources: bob ").contains("(origin)").contains("carol ").contains("MiB");
        }
        assertThat(Sha256.of(alice.home().publicDrive().resolve("lecture.mkv"))).isEqualTo(Sha256.of(source));
    }

    @Test
    void aFolderOfMyDriveUnfoldsWithItsToggleOnTheLineOfItsNameAndStaysOpenWhenDrawnAgain() throws Exception {
        TestNodes.write(alice, "music/song.mp3", new byte[1000]);
        assertThat(browser.findElement(By.id("online")).getText()).as("the page came from the node: it is online").isEqualTo("online");
        open("files");
        WebElement row = awaitElement(By.cssSelector("#file-tree li[data-folder='music'] > .row"));
        WebElement toggle = row.findElement(By.className("toggle"));
        WebElement name = row.findElement(By.className("name"));
        assertThat(Math.abs(toggle.getRect().getY() + toggle.getRect().getHeight() / 2 - name.getRect().getY() - name.getRect().getHeight() / 2))
                .as("the toggle sits on the line of the folder's name").isLessThan(6);
        assertThat(row.getText()).contains("1 file");
        assertThat(browser.findElements(By.cssSelector("#file-tree li[data-name='music/song.mp3']"))).as("folded at first").isEmpty();

        toggle.click();
        awaitElement(By.cssSelector("#file-tree li[data-name='music/song.mp3']"));
        open("node");
        open("files");
        await().atMost(Duration.ofSeconds(10)).until(() -> isStale(row));
        awaitElement(By.cssSelector("#file-tree li[data-name='music/song.mp3']"));

        WebElement drawnAgain = browser.findElement(By.cssSelector("#file-tree li[data-folder='music'] > .row > .toggle"));
        assertThat(drawnAgain.getAttribute("aria-expanded")).isEqualTo("true");
        drawnAgain.click();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                !browser.findElement(By.cssSelector("#file-tree li[data-name='music/song.mp3']")).isDisplayed());
        assertThat(drawnAgain.getAttribute("aria-expanded")).isEqualTo("false");
    }

    @Test
    void aNewFolderMadeInMyDriveIsShownThoughItIsEmpty() throws Exception {
        open("files");
        browser.findElement(By.id("new-folder-name")).sendKeys("drafts");
        browser.findElement(By.cssSelector("#new-folder button")).click();

        WebElement row = awaitElement(By.cssSelector("#file-tree li[data-folder='drafts'] > .row"));
        assertThat(row.getText()).contains("0 files");
        assertThat(alice.home().publicDrive().resolve("drafts")).isEmptyDirectory();
    }

    /** Every section, judged by axe-core (run in the page): no serious or critical accessibility violation. */
    @Test
    void everySectionPassesAxeWithoutSeriousOrCriticalViolations() throws Exception {
        TestNodes.write(alice, "music/song.mp3", new byte[1000]);
        TestNodes.introduce(alice, bob);
        List<String> found = new java.util.ArrayList<>();
        for (String section : List.of("node", "files", "peers", "transfers", "activity", "access")) {
            open(section);
            awaitElement(By.id(section));
            Results results = new AxeBuilder().analyze(browser);
            for (Rule violation : results.getViolations()) {
                if (List.of("serious", "critical").contains(violation.getImpact())) {
                    found.add(section + ": " + violation.getId() + " (" + violation.getImpact() + ") " + violation.getHelp() + " at "
                            + violation.getNodes().stream().map(node -> String.valueOf(node.getTarget())).toList());
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void aStaleLoginLinkIsRefused() {
        String link = alice.uiLoginLink();
        browser.get(link);
        browser.get(link);
        assertThat(browser.getPageSource()).contains("This login link was used already or is too old");
    }
}
