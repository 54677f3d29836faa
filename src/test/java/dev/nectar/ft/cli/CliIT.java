package dev.nectar.ft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nectar.ft.home.Home;
import dev.nectar.ft.home.Limits;
import dev.nectar.ft.home.NodeConfig;
import dev.nectar.ft.node.Node;
import dev.nectar.ft.node.TestNodes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI against real nodes: every command the foundation issue names, and its errors. */
class CliIT {
    TestNodes nodes;
    Node alice;
    Node bob;

    @BeforeEach
    void setUp() throws Exception {
        nodes = new TestNodes();
        alice = nodes.start("alice");
        bob = nodes.start("bob");
        TestNodes.write(bob, "blue-danube.mp3", new byte[9_668_359]);
        TestNodes.write(bob, "music/a b ü.txt", "hi\n".getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void tearDown() throws Exception {
        nodes.close();
    }

    private CliRun ft(Node node, String... args) {
        return CliRun.ft(node.home(), args);
    }

    private void addEachOther() {
        String bobTicket = ft(bob, "id", "--ticket").out().strip();
        String aliceTicket = ft(alice, "id", "--ticket").out().strip();
        assertThat(ft(alice, "peer", "add", bobTicket).exitCode()).isZero();
        assertThat(ft(bob, "peer", "add", aliceTicket).exitCode()).isZero();
    }

    @Test
    void idPrintsNameNodeIdAddressesAndTicketOnlyTheTicketWithFlag() {
        CliRun id = ft(alice, "id");
        CliRun ticket = ft(alice, "id", "--ticket");

        assertThat(id.exitCode()).isZero();
        assertThat(id.out()).contains("name:      alice")
                .contains(alice.identity().nodeId().value())
                .contains(alice.listenAddresses().getFirst().toString());
        assertThat(ticket.out().strip()).isEqualTo(alice.ticket().encode()).doesNotContain(" ");
    }

    @Test
    void peersAreAddedListedAndRemoved() {
        String bobTicket = ft(bob, "id", "--ticket").out().strip();

        CliRun add = ft(alice, "peer", "add", bobTicket, "--as", "robert");
        CliRun list = ft(alice, "peer", "ls");
        CliRun json = ft(alice, "peer", "ls", "--json");
        CliRun remove = ft(alice, "peer", "rm", "robert");
        CliRun removeAgain = ft(alice, "peer", "rm", "robert");

        assertThat(add.out()).contains("added peer robert (" + bob.identity().nodeId().shortForm() + ")");
        assertThat(list.out()).contains("robert").contains(bob.identity().nodeId().shortForm());
        assertThat(json.out()).contains("\"nodeId\":\"" + bob.identity().nodeId().value() + "\"");
        assertThat(remove.exitCode()).isZero();
        assertThat(removeAgain.exitCode()).isEqualTo(1);
        assertThat(removeAgain.err().strip()).isEqualTo("ft: no peer named 'robert'");
        assertThat(alice.addressBook().all()).isEmpty();
    }

    @Test
    void accessAndTheAllowListSayWhatTheyMeanAndAnEmptyListKeepsEveryoneOut() {
        addEachOther();
        String alice = this.alice.identity().nodeId().shortForm();

        CliRun shut = ft(bob, "access", "allowlist");
        CliRun refused = ft(this.alice, "ls", "bob");
        CliRun allowed = ft(bob, "allow", "add", "alice");
        CliRun listed = ft(this.alice, "ls", "bob");
        CliRun opened = ft(bob, "access", "public");
        CliRun emptied = ft(bob, "allow", "rm", "alice");

        assertThat(shut.out()).isEqualTo("access: allowlist (only the nodes allowed below may list and download)\n"
                + "  nobody is allowed yet: `ft allow add PEER`\n");
        assertThat(refused.err().strip()).isEqualTo("ft: bob refused: node " + alice + " is not on this node's allow-list");
        assertThat(allowed.out()).isEqualTo("access: allowlist (only the nodes allowed below may list and download)\n"
                + "  allowed " + alice + " alice\n");
        assertThat(listed.exitCode()).isZero();
        assertThat(opened.out()).isEqualTo("access: public (any node that proves its node id may list and download)\n"
                + "  allowed " + alice + " alice\n  (the allow-list applies once access is allowlist: `ft access allowlist`)\n");
        assertThat(emptied.out()).isEqualTo("access: public (any node that proves its node id may list and download)\n");
    }

    @Test
    void relaysAreAddedListedKeptInTheConfigAndRemoved() throws Exception {
        Node relay = nodes.startRelay("relay1", Limits.DEFAULT);
        String relayTicket = ft(relay, "id", "--ticket").out().strip();

        CliRun add = ft(alice, "relay", "add", relayTicket);
        await().atMost(Duration.ofSeconds(20)).until(() -> ft(alice, "relay", "ls").out().contains("registered")
                && !ft(alice, "relay", "ls").out().contains("not registered"));
        CliRun list = ft(alice, "relay", "ls");
        CliRun id = ft(alice, "id");
        CliRun onRelay = ft(relay, "relay", "ls");
        CliRun again = ft(alice, "relay", "add", ft(alice, "id", "--ticket").out().strip());
        CliRun garbage = ft(alice, "relay", "add", "ft1garbage");

        assertThat(add.out()).contains("added relay relay1 (" + relay.identity().nodeId().shortForm() + ")");
        assertThat(list.out()).contains("relay1").contains(relay.listenAddresses().getFirst().toString()).contains("registered");
        assertThat(id.out()).contains("relays:    " + relay.listenAddresses().getFirst());
        assertThat(NodeConfig.load(alice.home()).relays()).containsExactly(relayTicket);
        assertThat(onRelay.out()).contains("this node relays for others: 1 nodes registered, 0 sessions");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err().strip()).isEqualTo("ft: that is this node's own ticket: a node cannot relay for itself");
        assertThat(garbage.err().strip()).startsWith("ft: not a valid ticket");

        assertThat(ft(alice, "relay", "rm", "relay1").out()).contains("removed relay relay1");
        assertThat(ft(alice, "relay", "rm", "relay1").err().strip()).isEqualTo("ft: this node uses no relay called 'relay1' (see `ft relay ls`)");
        assertThat(ft(alice, "relay", "ls").out()).contains("no relays");
        assertThat(NodeConfig.load(alice.home()).relays()).isEmpty();
    }

    @Test
    void lsPrintsThePeersFilesWithHumanSizesAndJsonForScripts() {
        addEachOther();

        CliRun ls = ft(alice, "ls", "bob");
        CliRun json = ft(alice, "ls", "bob", "--json");

        assertThat(ls.exitCode()).isZero();
        assertThat(ls.out()).contains("9.2 MiB  blue-danube.mp3").contains("3 B  music/a b ü.txt");
        assertThat(json.out().strip())
                .isEqualTo("[{\"name\":\"blue-danube.mp3\",\"size\":9668359},{\"name\":\"music/a b ü.txt\",\"size\":3}]");
    }

    @Test
    void lsOfOneFolderPrintsItsFilesAndItsFoldersWithWhatTheyHold() throws Exception {
        addEachOther();
        TestNodes.write(bob, "music/live/one.flac", new byte[2048]);
        TestNodes.write(bob, "music/live/two.flac", new byte[1024]);

        CliRun music = ft(alice, "ls", "bob", "--folder", "music");
        CliRun json = ft(alice, "ls", "bob", "--folder", "music/", "--json");
        CliRun missing = ft(alice, "ls", "bob", "--folder", "no such folder");

        assertThat(music.out().lines().toList()).containsExactly(
                "       3 B  music/a b ü.txt",
                "   3.0 KiB  music/live/  (2 files)",
                "   3.0 KiB  total in 3 files (2 in 1 folder)");
        assertThat(json.out().strip()).isEqualTo("[{\"name\":\"music/a b ü.txt\",\"size\":3},{\"folder\":\"music/live\",\"files\":2,\"size\":3072}]");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err().strip()).isEqualTo("ft: bob shares no folder named 'no such folder'");
    }

    @Test
    void theSeedsRawMessageWorksAsWrittenAlsoInTheLongAddressForm() {
        addEachOther();
        String expected = "{\"ListFiles\":[{\"name\":\"blue-danube.mp3\",\"size\":9668359},{\"name\":\"music/a b ü.txt\",\"size\":3}]}";

        CliRun shortForm = ft(alice, "m", "bob@file_transfer", "\"ListFiles\"");
        CliRun longForm = ft(alice, "m", "bob@file_transfer:file_transfer:template.nec", "\"ListFiles\"");
        CliRun byNodeId = ft(alice, "m", bob.identity().nodeId().value() + "@file_transfer", "\"ListFiles\"");

        assertThat(shortForm.out().strip()).isEqualTo(expected);
        assertThat(longForm.out().strip()).isEqualTo(expected);
        assertThat(byNodeId.out().strip()).isEqualTo(expected);
        assertThat(ft(alice, "m", "our@file_transfer", "\"ListFiles\"").out().strip()).isEqualTo("{\"ListFiles\":[]}");
    }

    @Test
    void errorsAreOneLineOnStderrWithANonZeroExit() throws Exception {
        addEachOther();
        Node carol = nodes.start("carol");
        String carolTicket = ft(carol, "id", "--ticket").out().strip();
        assertThat(ft(alice, "peer", "add", carolTicket).exitCode()).isZero();
        carol.close();

        assertOneLineError(ft(alice, "ls", "dave"), "unknown peer 'dave'");
        assertOneLineError(ft(alice, "ls", "carol"), "carol is offline: cannot reach " + carol.listenAddresses().getFirst() + ": Connection refused\n");
        assertOneLineError(ft(alice, "m", "bob@file_transfer", "{bad"), "not valid JSON");
        assertOneLineError(ft(alice, "m", "bob@file_transfer", "\"Foo\""), "refused: BadRequest: unknown request 'Foo'");
        assertOneLineError(ft(alice, "m", "bob@nothing", "\"ListFiles\""), "NoSuchProcess");
        assertOneLineError(ft(alice, "m", "bob", "\"ListFiles\""), "not an address");
        assertOneLineError(ft(alice, "m", "bob@file_transfer", "{\"Progress\":{\"name\":\"a\",\"progress\":1}}", "--timeout", "0.5"),
                "no response from bob@file_transfer within 0.5 s");
        assertOneLineError(ft(alice, "peer", "add", "ft1garbage"), "not a valid ticket");
        assertOneLineError(ft(alice, "peer", "add", alice.ticket().encode()), "this node's own");
    }

    @Test
    void getDownloadsFilesAndFoldersThenTransfersListsThem(@TempDir Path to) throws Exception {
        addEachOther();

        CliRun get = ft(alice, "get", "bob", "blue-danube.mp3", "music/");
        CliRun json = ft(alice, "get", "bob", "blue-danube.mp3", "--to", to.toString(), "--json");
        CliRun transfers = ft(alice, "transfers");

        assertThat(get.exitCode()).as(get.toString()).isZero();
        assertThat(get.out()).contains("blue-danube.mp3").contains("done").contains("9.2 MiB")
                .contains("music/a b ü.txt");
        Path drive = alice.home().publicDrive();
        assertThat(dev.nectar.ft.node.Sha256.of(drive.resolve("blue-danube.mp3")))
                .isEqualTo(dev.nectar.ft.node.Sha256.of(bob.home().publicDrive().resolve("blue-danube.mp3")));
        assertThat(Files.readString(drive.resolve("music/a b ü.txt"))).isEqualTo("hi\n");
        assertThat(json.exitCode()).isZero();
        assertThat(json.out()).contains("\"state\":\"done\"").contains(to.resolve("blue-danube.mp3").toString());
        assertThat(new ObjectMapper().readTree(json.out()).isArray()).as("--json prints the JSON alone").isTrue();
        assertThat(transfers.out().lines().filter(line -> line.contains("done"))).hasSize(3);
        assertThat(transfers.out()).as("downloads only, with their times").doesNotContain("to   alice").contains("started ");
        CliRun lastOne = ft(alice, "transfers", "--finished", "1");
        assertThat(lastOne.out().lines().filter(line -> line.contains(" from bob "))).hasSize(1);
        assertThat(lastOne.out()).contains("2 earlier finished transfers not listed: 2 done");
        assertThat(new ObjectMapper().readTree(ft(alice, "transfers", "--finished", "1", "--json").out())).as("the one listed").hasSize(1);
        assertThat(new ObjectMapper().readTree(ft(alice, "transfers", "--json").out())).as("--json lists every one").hasSize(3);
        assertOneLineError(ft(alice, "transfers", "--finished", "some"), "--finished takes a number of transfers or all, not 'some'");
        CliRun sending = ft(bob, "transfers", "--sending");
        assertThat(sending.out()).contains("to   alice").contains("blue-danube.mp3").contains("done").contains("on average");
        assertThat(ft(bob, "transfers").out()).contains("no transfers yet");
        CliRun cleared = ft(bob, "transfers", "--sending", "--clear");
        assertThat(cleared.out()).contains("no uploads yet");
    }

    @Test
    void getOfAFolderOfOnlyEmptyFoldersMakesThemAndSaysSo() throws Exception {
        addEachOther();
        Files.createDirectories(bob.home().publicDrive().resolve("drafts/2026/empty"));

        CliRun ls = ft(alice, "ls", "bob", "--folder", "drafts");
        CliRun get = ft(alice, "get", "bob", "drafts/");

        assertThat(ls.out().lines().toList()).contains("       0 B  drafts/2026/  (0 files)");
        assertThat(get.exitCode()).as(get.toString()).isZero();
        assertThat(get.out().strip()).isEqualTo("drafts/: no files, only empty folders; made them");
        assertThat(alice.home().publicDrive().resolve("drafts/2026/empty")).isEmptyDirectory();
    }

    @Test
    void getFailsWithOneLinePerProblem() {
        addEachOther();

        assertOneLineError(ft(alice, "get", "bob", "missing.bin"), "bob shares no file or folder named 'missing.bin'");
        assertOneLineError(ft(alice, "get", "dave", "x"), "unknown peer 'dave'");
    }

    @Test
    void initTwiceKeepsTheIdentity(@TempDir Path directory) throws Exception {
        Home home = new Home(directory.resolve("new"));
        CliRun first = CliRun.ft(home, "init", "--name", "dora");
        String key = Files.readString(home.privateKey());
        CliRun second = CliRun.ft(home, "init", "--name", "eve");

        assertThat(first.out()).startsWith("initialized node dora");
        assertThat(second.out()).contains("already exists").contains("kept its identity");
        assertThat(Files.readString(home.privateKey())).isEqualTo(key);
        assertOneLineError(CliRun.ft(home, "ls", "bob"), "is not running: start it with `ft node`");
        assertOneLineError(CliRun.ft(new Home(directory.resolve("none")), "peer", "ls"), "run `ft init` first");
    }

    private static void assertOneLineError(CliRun run, String expected) {
        assertThat(run.exitCode()).as(run.toString()).isNotZero();
        assertThat(run.err()).as(run.toString()).startsWith("ft: ").contains(expected);
        assertThat(run.err().strip().lines()).as(run.toString()).hasSize(1);
        assertThat(run.out()).isEmpty();
    }
}
