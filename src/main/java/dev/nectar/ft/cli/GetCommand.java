package dev.nectar.ft.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nectar.ft.transfer.TransferRegistry;
import dev.nectar.ft.transfer.TransferRegistry.Changes;
import dev.nectar.ft.wire.TransferStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code ft get PEER NAME...}: one download, followed until every file of it ended; an instance downloads once. */
final class GetCommand {
    /**
     * How often the node is asked how the downloads stand, at most: a terminal's progress bars move ten times a
     * second. The node answers sooner when every download it is asked after has ended (it waits for their end, up to
     * the pause); where they are too many to name, the first asks come sooner, from {@link #FIRST_POLL} and twice as
     * far apart each time, so that a small file is seen done within milliseconds of landing.
     */
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration FIRST_POLL = Duration.ofMillis(5);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** How long a stopped node is waited for: a restart takes seconds, an upgrade or a reboot of the machine minutes. */
    private static final Duration NODE_BACK_WITHIN = Duration.ofMinutes(5);
    private static final Duration NODE_LOOK = Duration.ofMillis(500);
    private static final String NODE_AWAY = "this node stopped; waiting for it to start again, when its downloads resume";

    private final Arguments arguments;
    private final List<String> names;
    private final boolean json;
    private final boolean terminal = System.console() != null;
    /** The downloads as last seen, for the words said if the command is stopped; null until the node answered. */
    private volatile List<TransferStatus> following;

    static CommandSpec model() {
        return CommandModel.command("get", arguments -> new GetCommand(arguments).run(),
                        "Download files or whole folders from a peer, with a progress bar per file.",
                        "Exits 0 only when every file is complete and verified.")
                .addPositional(CommandModel.parameter("PEER"))
                .addPositional(PositionalParamSpec.builder().type(List.class).auxiliaryTypes(String.class).index("1..*").arity("1..*")
                        .required(true).paramLabel("NAME")
                        .description("Files or folders (music/) of the peer's public drive.").build())
                .addOption(OptionSpec.builder("--to").type(Path.class).paramLabel("DIR")
                        .description("Where to put the files (default: this node's public drive, so they are shared on).").build())
                .addOption(CommandModel.flag("--overwrite",
                        "Replace an existing file with other content (default: keep both, the new one as 'name (1).ext')."))
                .addOption(CommandModel.flag("--json", "Print the final status of each transfer as JSON."));
    }

    private GetCommand(Arguments arguments) {
        this.arguments = arguments;
        names = arguments.parameter("NAME");
        json = arguments.flag("--json");
    }

    /**
     * Ctrl-C stops the command, not the downloads: the node goes on with them, as it does when the terminal is closed.
     * The command says so, and how to stop them, so that nobody thinks a download ended that still fills the disk.
     */
    private int run() throws Exception {
        Thread stopped = new Thread(this::sayWhatGoesOn);
        Runtime.getRuntime().addShutdownHook(stopped);
        try {
            return follow();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopped);
            } catch (IllegalStateException stopping) {
                // The hook runs, or ran: the command was stopped while it ended.
            }
        }
    }

    private void sayWhatGoesOn() {
        List<TransferStatus> last = following;
        String said;
        if (last == null) {
            said = "stopped before the node answered; `ft transfers` shows whether the download started";
        } else {
            List<TransferStatus> going = last.stream().filter(status -> !status.isFinished()).toList();
            if (going.isEmpty()) {
                return;
            }
            said = going.size() == 1
                    ? Printable.of(going.getFirst().name()) + " goes on downloading in the node: `ft transfers` shows it, `ft cancel " + going.getFirst().id() + "` stops it"
                    : going.size() + " downloads go on in the node: `ft transfers` shows them, `ft cancel ID` stops one";
        }
        PrintWriter err = arguments.err();
        // On a terminal, off the line where the progress bars left the cursor and the terminal echoed ^C.
        err.println((terminal ? System.lineSeparator() : "") + "ft: " + said);
        err.flush();
    }

    private int follow() throws Exception {
        ApiClient api = ApiClient.of(arguments.home());
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.put("peer", arguments.<String>parameter("PEER"));
        ArrayNode list = request.putArray("names");
        names.forEach(list::add);
        Path to = arguments.option("--to");
        if (to != null) {
            request.put("to", to.toAbsolutePath().normalize().toString());
        }
        request.put("overwrite", arguments.flag("--overwrite"));
        // Changes are followed from here on: what ended before this download began is no concern of this command.
        long sequence = currentSequence(api);
        // The node takes a while to queue a folder of many thousands of files, and the first ones end meanwhile:
        // the changes are followed while it answers, so that none ends unseen.
        CompletableFuture<List<TransferStatus>> asking = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                asking.complete(api.postStatuses("/api/downloads", request, Duration.ofSeconds(30)).transfers());
            } catch (RuntimeException e) {
                asking.completeExceptionally(e);
            }
        });
        Map<String, TransferStatus> seen = new HashMap<>();
        boolean missedSome = false;
        long pause = FIRST_POLL.toMillis();
        List<TransferStatus> started;
        while (true) {
            try {
                started = asking.get(pause, TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException stillAsking) {
                Changes changes = changesSince(api, sequence, Set.of(), 0);
                changes.transfers().forEach(status -> seen.put(status.id(), status));
                missedSome |= changes.forgotten() > sequence;
                sequence = changes.sequence();
                pause = nextPause(pause);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }

        if (started.isEmpty() && !json) {
            // The node answers with no transfer only when every name held nothing but empty folders, which it made.
            arguments.out().println(String.join(", ", names) + ": no files, only empty folders; made them");
        }
        Map<String, TransferStatus> latest = new LinkedHashMap<>();
        for (TransferStatus status : started) {
            latest.put(status.id(), seen.getOrDefault(status.id(), status));
        }
        seen.clear();
        if (missedSome) {
            refresh(api, latest);
        }
        return watch(api, latest, sequence);
    }

    /** Shows the downloads {@code latest} until every one ended, from the node's changes after {@code sequence}. */
    private int watch(ApiClient node, Map<String, TransferStatus> latest, long since) throws Exception {
        ApiClient api = node;
        long sequence = since;
        ProgressDisplay display = new ProgressDisplay(arguments.out(), terminal);
        long pause = FIRST_POLL.toMillis();
        long nextAsk = System.nanoTime();
        while (true) {
            following = List.copyOf(latest.values());
            // With --json the output is the JSON alone, for scripts to parse.
            if (!json) {
                display.show(latest.values());
            }
            // The display walks every status on each poll too: a count kept on the side would save nothing.
            if (latest.values().stream().allMatch(TransferStatus::isFinished)) {
                return finish(latest.values());
            }
            // A node that did not wait (too many transfers to name, or one older than this command) is asked no more
            // often than every pause.
            TimeUnit.NANOSECONDS.sleep(nextAsk - System.nanoTime());
            nextAsk = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause);
            Changes changes;
            try {
                changes = changesSince(api, sequence, latest.keySet(), pause);
            } catch (NodeGoneException gone) {
                NodeBack back = awaitNodeBack(display, latest);
                api = back.api();
                sequence = back.sequence();
                refresh(api, latest);
                continue;
            }
            changes.transfers().forEach(status -> latest.replace(status.id(), status));
            if (changes.forgotten() > sequence) {
                refresh(api, latest);
            }
            sequence = changes.sequence();
            pause = nextPause(pause);
        }
    }

    /** The node answering again, and the number of its latest change then: what changes after it is news. */
    private record NodeBack(ApiClient api, long sequence) {}

    /**
     * The node stopped: its downloads are resumed from their journals when it starts again, under the same ids, so
     * the command waits for it (a restart, an upgrade) and follows them on; a node that stays away ends the command.
     */
    private NodeBack awaitNodeBack(ProgressDisplay display, Map<String, TransferStatus> latest) throws InterruptedException {
        latest.replaceAll((id, status) -> status.isFinished() ? status : status.withState(TransferStatus.RESUMING, null).withNote(NODE_AWAY));
        following = List.copyOf(latest.values());
        if (terminal && !json) {
            display.show(latest.values());
        } else {
            arguments.err().println("ft: " + NODE_AWAY);
            arguments.err().flush();
        }
        long deadline = System.nanoTime() + NODE_BACK_WITHIN.toNanos();
        while (true) {
            TimeUnit.MILLISECONDS.sleep(NODE_LOOK.toMillis());
            try {
                ApiClient api = ApiClient.of(arguments.home());
                return new NodeBack(api, currentSequence(api));
            } catch (CliException notYet) {
                if (System.nanoTime() - deadline > 0) {
                    throw new CliException("the node stopped and did not start again within " + NODE_BACK_WITHIN.toMinutes()
                            + " minutes; it resumes the downloads when it does (`ft transfers` then shows them)");
                }
            }
        }
    }

    /** The number of the node's latest change: what changes after it is news. */
    private static long currentSequence(ApiClient api) {
        return api.get("/api/transfers/changes?since=" + Long.MAX_VALUE, TIMEOUT).path("sequence").asLong();
    }

    private static long nextPause(long pause) {
        return Math.min(2 * pause, POLL.toMillis());
    }

    /**
     * What changed after {@code sequence}: of the transfers {@code ids} if any and few enough to name, else of all. Where
     * they are named and {@code waitMillis} is more than 0, the node answers once they all ended or that time passed,
     * so that their end is seen as it comes, not up to a pause later.
     */
    private static Changes changesSince(ApiClient api, long sequence, Set<String> ids, long waitMillis) {
        String only = ids.isEmpty() || ids.size() > TransferRegistry.MAX_IDS_ASKED ? ""
                : "&ids=" + ids.stream().map(ApiClient::segment).collect(Collectors.joining(",")) + (waitMillis > 0 ? "&wait=" + waitMillis : "");
        StatusAnswer answer = api.getStatuses("/api/transfers/changes?since=" + sequence + only, TIMEOUT);
        Changes changes = new Changes(answer.rest().path("sequence").asLong(), answer.rest().path("forgotten").asLong(), answer.transfers());
        if (changes.sequence() < sequence) {
            // Restarted between two looks: its numbering began again.
            throw new NodeGoneException("the node was restarted");
        }
        return changes;
    }

    /**
     * Each download as the node has it now. The node keeps the last {@value TransferRegistry#MAX_FINISHED} finished
     * transfers: one that ended and was forgotten before this command looked (it was stopped for a while, say) is
     * reported as unknown, not waited for.
     */
    private static void refresh(ApiClient api, Map<String, TransferStatus> latest) {
        Map<String, TransferStatus> known = new HashMap<>();
        for (TransferStatus status : api.getStatuses("/api/transfers", TIMEOUT).transfers()) {
            known.put(status.id(), status);
        }
        for (Map.Entry<String, TransferStatus> entry : latest.entrySet()) {
            TransferStatus now = known.get(entry.getKey());
            if (now != null) {
                entry.setValue(now);
            } else if (!entry.getValue().isFinished()) {
                entry.setValue(entry.getValue().withState(TransferStatus.FAILED,
                        "it ended while this command was not looking, and the node forgot how (it keeps the last "
                                + TransferRegistry.MAX_FINISHED + " finished transfers)"));
            }
        }
    }

    private int finish(Collection<TransferStatus> statuses) throws IOException {
        PrintWriter out = arguments.out();
        PrintWriter err = arguments.err();
        if (json) {
            JsonOutput.print(out, statuses);
        }
        int failed = 0;
        for (TransferStatus status : statuses) {
            if (!status.state().equals(TransferStatus.DONE)) {
                failed++;
                err.println("ft: " + Printable.of(status.name()) + ": " + (status.error() == null ? status.state() : Printable.of(status.error())));
            }
        }
        err.flush();
        return failed == 0 ? 0 : 1;
    }
}
