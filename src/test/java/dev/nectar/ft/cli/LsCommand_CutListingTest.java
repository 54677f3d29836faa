package dev.nectar.ft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.nectar.ft.home.Home;
import dev.nectar.ft.home.RunningNode;
import dev.nectar.ft.node.HomeInitializer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `ft ls` against an API that answers with the lines given (a stand-in for a node, on loopback): what it prints of a
 * listing cut short, or of one it cannot read.
 */
class LsCommand_CutListingTest {
    @TempDir
    Path directory;
    private HttpServer api;
    private volatile String answer;
    private Home home;

    @BeforeEach
    void start() throws Exception {
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/api/peers/bob/files", exchange -> {
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        api.start();
        home = new Home(directory.resolve("alice"));
        HomeInitializer.initialize(home, "alice");
        new RunningNode(ProcessHandle.current().pid(), "127.0.0.1:" + api.getAddress().getPort(), List.of()).save(home);
    }

    @AfterEach
    void stop() {
        api.stop(0);
    }

    @Test
    void aListingCutShortPrintsWhatCameAndSaysWhy() {
        answer = """
                {"name":"a.txt","size":2048}
                {"folder":"music","files":3,"size":9646899}
                {"error":"PEER_UNREACHABLE","message":"bob went away"}
                """;

        CliRun ls = CliRun.ft(home, "ls", "bob");

        assertThat(ls.exitCode()).isEqualTo(1);
        assertThat(ls.out()).isEqualTo("   2.0 KiB  a.txt\n   9.2 MiB  music/  (3 files)\n");
        assertThat(ls.err()).isEqualTo("ft: the listing stopped midway: bob went away\n");
    }

    @Test
    void aCutWithoutAMessageNamesTheKindOfError() {
        answer = "{\"error\":\"PEER_UNREACHABLE\"}\n";

        CliRun ls = CliRun.ft(home, "ls", "bob");
        CliRun json = CliRun.ft(home, "ls", "bob", "--json");

        assertThat(ls.exitCode()).isEqualTo(1);
        assertThat(ls.err()).isEqualTo("ft: the listing stopped midway: PEER_UNREACHABLE\n");
        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(json.err()).isEqualTo("ft: the listing stopped midway: PEER_UNREACHABLE\n");
    }

    @Test
    void aLineItCannotReadIsReportedInOneLine() {
        answer = "{\"name\":\"a.txt\",\"size\":\"big\"}\n";

        CliRun ls = CliRun.ft(home, "ls", "bob");

        assertThat(ls.exitCode()).isEqualTo(1);
        assertThat(ls.err()).startsWith("ft: the node's API answered with something that is not what was asked for: expected a whole number for size")
                .hasLineCount(1);
    }

    @Test
    void aWholeListingEndsWithItsTotal() {
        answer = "{\"name\":\"a.txt\",\"size\":2048}\n{\"name\":\"b.txt\",\"size\":1}\n";

        CliRun ls = CliRun.ft(home, "ls", "bob");

        assertThat(ls.exitCode()).isZero();
        assertThat(ls.out()).isEqualTo("   2.0 KiB  a.txt\n       1 B  b.txt\n   2.0 KiB  total in 2 files\n");
    }
}
