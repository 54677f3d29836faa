package dev.nectar.ft.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "ls", description = {"List the files in a peer's public drive, printed as they arrive.",
        "With --folder, what is directly in one folder: its files, and its folders with how many files each holds."})
final class LsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
    /** Lines written between flushes: a person sees the listing grow, and a million lines are not a million writes. */
    private static final int LINES_PER_FLUSH = 1000;

    @ParentCommand
    FtCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PEER", description = "A peer name or node id (or 'our' for this node).")
    String peer;

    @Option(names = "--folder", paramLabel = "PATH", description = "List only what is directly in this folder of the drive.")
    String folder;

    @Option(names = "--json", description = "Print a JSON array for scripts, written as entries arrive.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5", description = "How long to wait for the peer, each page (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    private long files;
    private long folders;
    private long bytes;
    private long lines;

    @Override
    public Integer call() throws Exception {
        Duration timeout = Timeouts.of(timeoutSeconds);
        String path = "/api/peers/" + ApiClient.segment(peer) + "/files?format=ndjson&timeoutMillis=" + timeout.toMillis()
                + (folder == null ? "" : "&folder=" + URLEncoder.encode(folder, StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(new BufferedWriter(spec.commandLine().getOut()));
        try (JsonGenerator array = json ? JSON.createGenerator(out) : null) {
            if (array != null) {
                array.writeStartArray();
            }
            ApiClient.of(root.home()).getEach(path, timeout, entry -> {
                if (entry.has("error")) {
                    out.flush();
                    throw new CliException("the listing stopped midway: " + entry.path("message").asText());
                }
                print(out, array, entry);
            });
            if (array != null) {
                array.writeEndArray();
                array.flush();
                out.println();
            } else {
                summarize(out);
            }
        } finally {
            out.flush();
        }
        return 0;
    }

    private void print(PrintWriter out, JsonGenerator array, JsonNode entry) {
        boolean isFolder = entry.has("folder");
        long size = entry.path("size").asLong();
        files += isFolder ? entry.path("files").asLong() : 1;
        folders += isFolder ? 1 : 0;
        bytes += size;
        try {
            if (array != null) {
                JSON.writeTree(array, entry);
            } else if (isFolder) {
                out.printf(Locale.ROOT, "%10s  %s/  (%,d file%s)%n", HumanBytes.format(size), entry.path("folder").asText(),
                        entry.path("files").asLong(), entry.path("files").asLong() == 1 ? "" : "s");
            } else {
                out.print(HumanBytes.formatIn(size, 10));
                out.print("  ");
                out.println(entry.path("name").asText());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (++lines % LINES_PER_FLUSH == 0) {
            out.flush();
        }
    }

    private void summarize(PrintWriter out) {
        if (files == 0) {
            out.println(folder == null ? peer + " shares no files" : "nothing in " + peer + "'s folder " + folder);
            return;
        }
        out.printf(Locale.ROOT, "%10s  total in %,d file%s%s%n", HumanBytes.format(bytes), files, files == 1 ? "" : "s",
                folders == 0 ? "" : String.format(Locale.ROOT, " (%,d in %,d folder%s)", files - lines + folders, folders, folders == 1 ? "" : "s"));
    }
}
