package dev.nectar.ft.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ft ls PEER}: one listing, printed as it arrives, and what it held in all; an instance lists once. */
final class LsCommand {
    /** Lines written between flushes: a person sees the listing grow, and a million lines are not a million writes. */
    private static final int LINES_PER_FLUSH = 1000;
    private static final String NEWLINE = System.lineSeparator();

    private final Arguments arguments;
    private final String peer;
    private final String folder;
    private final boolean json;
    private long files;
    private long folders;
    private long bytes;
    private long lines;
    /**
     * The lines since the last flush, written out together: each write through the writers' layers cost more than
     * making its line (docs/benchmarks.md).
     */
    private final StringBuilder pending = new StringBuilder(1 << 16);

    static CommandSpec model() {
        return CommandModel.command("ls", arguments -> new LsCommand(arguments).run(),
                        "List the files in a peer's public drive, printed as they arrive.",
                        "With --folder, what is directly in one folder: its files, and its folders with how many files each holds.")
                .addPositional(CommandModel.parameter("PEER", "A peer name or node id (or 'our' for this node)."))
                .addOption(CommandModel.option("--folder", "PATH", "List only what is directly in this folder of the drive."))
                .addOption(CommandModel.flag("--json", "Print a JSON array for scripts, written as entries arrive."))
                .addOption(CommandModel.seconds("--timeout", "5", "How long to wait for the peer, each page (default: ${DEFAULT-VALUE})."));
    }

    private LsCommand(Arguments arguments) {
        this.arguments = arguments;
        peer = arguments.parameter("PEER");
        folder = arguments.option("--folder");
        json = arguments.flag("--json");
    }

    private int run() throws IOException {
        Duration timeout = Timeouts.of(arguments.<Double>option("--timeout"));
        String path = "/api/peers/" + ApiClient.segment(peer) + "/files?format=ndjson&timeoutMillis=" + timeout.toMillis()
                + (folder == null ? "" : "&folder=" + URLEncoder.encode(folder, StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(new BufferedWriter(arguments.out()));
        try (JsonGenerator array = json ? JsonTree.FACTORY.createGenerator(out) : null) {
            if (array != null) {
                array.writeStartArray();
            }
            ApiClient.of(arguments.home()).getValues(path, timeout, values -> {
                while (values.nextToken() != null) {
                    if (array != null) {
                        copy(out, values, array);
                    } else {
                        print(out, ListingLine.read(values));
                    }
                }
            });
            if (array != null) {
                array.writeEndArray();
                array.flush();
                out.println();
            } else {
                flush(out);
                summarize(out);
            }
        } finally {
            flush(out);
        }
        return 0;
    }

    /** An entry for scripts, as the node wrote it, whatever fields it has; a line that says the listing failed is not one. */
    private void copy(PrintWriter out, JsonParser values, JsonGenerator array) throws IOException {
        JsonNode entry = JsonTree.read(values);
        if (entry.has("error")) {
            failMidway(out, entry.path("message").textValue(), entry.path("error").asText());
        }
        JsonTree.write(array, entry);
        flushNowAndThen(out);
    }

    private void print(PrintWriter out, ListingLine entry) {
        if (entry.isError()) {
            failMidway(out, entry.message(), entry.error());
        }
        files += entry.isFolder() ? entry.files() : 1;
        folders += entry.isFolder() ? 1 : 0;
        bytes += entry.size();
        if (entry.isFolder()) {
            pending.append(String.format(Locale.ROOT, "%10s  %s/  (%,d file%s)%n", HumanBytes.format(entry.size()), Printable.of(entry.folder()),
                    entry.files(), entry.files() == 1 ? "" : "s"));
        } else {
            HumanBytes.appendIn(pending, entry.size(), 10).append("  ").append(Printable.of(entry.name())).append(NEWLINE);
        }
        flushNowAndThen(out);
    }

    /** Ends a listing the node cut short with why: its message, else the kind of error it named. */
    private void failMidway(PrintWriter out, String message, String error) {
        flush(out);
        throw new CliException("the listing stopped midway: " + (message != null ? message : error));
    }

    private void flushNowAndThen(PrintWriter out) {
        if (++lines % LINES_PER_FLUSH == 0) {
            flush(out);
        }
    }

    private void flush(PrintWriter out) {
        out.append(pending);
        pending.setLength(0);
        out.flush();
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
