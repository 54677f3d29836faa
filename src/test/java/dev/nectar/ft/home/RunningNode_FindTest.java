package dev.nectar.ft.home;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command finds the running node by what it saved in node.json, and no node in what is not such a file. */
class RunningNode_FindTest {
    @TempDir
    Path directory;

    @Test
    void whatANodeSavesIsFoundWhileItsProcessLives() throws Exception {
        Home home = new Home(directory);
        RunningNode saved = new RunningNode(ProcessHandle.current().pid(), "127.0.0.1:7701", List.of("127.0.0.1:7700", "[::1]:7700"));
        saved.save(home);

        assertThat(RunningNode.find(home)).contains(saved);
    }

    @Test
    void fieldsItDoesNotKnowAreSkippedInAnyOrder() throws Exception {
        Home home = new Home(directory);
        long pid = ProcessHandle.current().pid();
        Files.writeString(home.runningNode(), "{\"future\":{\"a\":[1,{\"b\":2}]},\"listen\":[\"h:1\"],\"api\":\"127.0.0.1:9\",\"pid\":" + pid + "}");

        assertThat(RunningNode.find(home)).contains(new RunningNode(pid, "127.0.0.1:9", List.of("h:1")));

        Files.writeString(home.runningNode(), "{\"api\":{\"pid\":1},\"listen\":[[\"x\"],{\"api\":2},\"h:1\"],\"pid\":" + pid + "}");
        assertThat(RunningNode.find(home)).contains(new RunningNode(pid, "", List.of("", "", "h:1")));
    }

    @Test
    void noFileABrokenOneOrADeadProcessIsNoNode() throws Exception {
        Home home = new Home(directory);
        assertThat(RunningNode.find(home)).isEmpty();
        for (String content : new String[] {"", "[1]", "{\"pid\":", "not json", "{\"pid\":-1,\"api\":\"x\"}"}) {
            Files.writeString(home.runningNode(), content);
            assertThat(RunningNode.find(home)).as(content).isEmpty();
        }
    }
}
