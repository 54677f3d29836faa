package dev.nectar.ft.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nectar.ft.home.HostPort;
import dev.nectar.ft.identity.AddressBook;
import dev.nectar.ft.identity.NodeId;
import dev.nectar.ft.identity.Peer;
import dev.nectar.ft.identity.Ticket;
import dev.nectar.ft.net.Link;
import dev.nectar.ft.net.Network;
import dev.nectar.ft.process.Kernel;
import dev.nectar.ft.process.RequestFailedException;
import dev.nectar.ft.transfer.AccessControl;
import dev.nectar.ft.transfer.DownloadQueue;
import dev.nectar.ft.transfer.TransferRegistry;
import dev.nectar.ft.wire.Address;
import dev.nectar.ft.wire.ErrorReply;
import dev.nectar.ft.wire.FileInfo;
import dev.nectar.ft.wire.FolderInfo;
import dev.nectar.ft.wire.ListEntry;
import dev.nectar.ft.wire.MalformedMessageException;
import dev.nectar.ft.wire.TaggedJson;
import dev.nectar.ft.wire.TransferRequest;
import dev.nectar.ft.wire.TransferResponse;
import dev.nectar.ft.wire.TransferStatus;
import dev.nectar.ft.wire.WireFrame;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/** The handlers of the local JSON API; {@link ApiServer} wires them to routes. */
final class NodeApi {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
    /** The longest a look at the changes waits for its transfers' end: a stopping node waits for its answers this long. */
    private static final Duration MAX_CHANGES_WAIT = Duration.ofSeconds(1);
    /** The seed's terminal sends {@code /m} messages; responses go straight back to the waiting API call. */
    private static final String TERMINAL = "terminal";
    private static final int DOWNLOADS_PER_REQUEST = 1000;
    /**
     * A folder of more files than this downloads as one transfer with counts, not as a transfer per file: its files
     * are then queued a window at a time, not all at once with a status each for the caller to follow. At 10,000 a
     * folder of 10,000 small files moved 4-10 % slower, its receiving node spending 11 % more CPU (docs/benchmarks.md).
     */
    static final int FOLDER_AS_ONE_TRANSFER = 1_000;
    /** Enough for the listings of a few drives of tens of thousands of files. */
    private static final long LISTINGS_KEPT_BYTES = 8L << 20;

    private final String name;
    private final Supplier<Ticket> ticket;
    private final AddressBook addressBook;
    private final Network network;
    private final Kernel kernel;
    private final TransferRegistry registry;
    private final AccessControl access;
    private final RemoteListing listings = new RemoteListing(new PeerListings(LISTINGS_KEPT_BYTES), this::await);

    NodeApi(String name, Supplier<Ticket> ticket, AddressBook addressBook, Network network, Kernel kernel, TransferRegistry registry,
            AccessControl access) {
        this.name = name;
        this.ticket = ticket;
        this.addressBook = addressBook;
        this.network = network;
        this.kernel = kernel;
        this.registry = registry;
        this.access = access;
    }

    /** {@code {"mode":"public"|"allowlist","allow":[{"nodeId":..,"name":..}]}}. */
    void access(Context context) {
        ObjectNode result = TaggedJson.object();
        result.put("mode", access.mode().toString());
        ArrayNode allowed = result.putArray("allow");
        for (NodeId id : access.allowed()) {
            ObjectNode entry = allowed.addObject();
            entry.put("nodeId", id.value());
            entry.put("shortId", id.shortForm());
            addressBook.find(id).ifPresent(peer -> entry.put("name", peer.name()));
        }
        reply(context, result);
    }

    void setAccessMode(Context context) throws IOException {
        try {
            access.setMode(AccessControl.Mode.parse(jsonBody(context).path("mode").asText(null)));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, ErrorReply.BAD_REQUEST, e.getMessage());
        }
        access(context);
    }

    void allow(Context context) throws IOException {
        access.allow(nodeIdOf(jsonBody(context).path("peer").asText("")));
        access(context);
    }

    void disallow(Context context) throws IOException {
        NodeId id = nodeIdOf(context.pathParam("peer"));
        if (!access.disallow(id)) {
            throw new ApiException(404, ErrorReply.NOT_FOUND, "node " + id.shortForm() + " is not on the allow-list");
        }
        access(context);
    }

    /** A peer name or a node id, as the owner writes it. */
    private NodeId nodeIdOf(String peerOrId) {
        return addressBook.find(peerOrId).map(Peer::nodeId).or(() -> NodeId.looksLikeNodeId(peerOrId)
                        ? java.util.Optional.of(new NodeId(peerOrId)) : java.util.Optional.empty())
                .orElseThrow(() -> new ApiException(404, ErrorReply.NOT_FOUND,
                        "'" + peerOrId + "' is neither a peer nor a node id (52 characters of a-z and 2-7)"));
    }

    void node(Context context) {
        ObjectNode node = TaggedJson.object();
        node.put("name", name);
        node.put("nodeId", kernel.nodeId().value());
        node.put("shortId", kernel.nodeId().shortForm());
        Ticket current = ticket.get();
        ArrayNode addresses = node.putArray("addresses");
        current.addresses().forEach(address -> addresses.add(address.toString()));
        node.put("ticket", current.encode());
        node.put("relay", network.isRelay());
        node.set("relays", RelayApi.relaysJson(network.relays()));
        reply(context, node);
    }

    void peers(Context context) {
        ArrayNode peers = TaggedJson.MAPPER.createArrayNode();
        addressBook.all().forEach(peer -> peers.add(peerJson(peer)));
        reply(context, peers);
    }

    void addPeer(Context context) throws IOException {
        JsonNode request = jsonBody(context);
        Ticket peerTicket;
        try {
            peerTicket = Ticket.decode(request.path("ticket").asText(""));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, ErrorReply.BAD_REQUEST, e.getMessage());
        }
        if (peerTicket.nodeId().equals(kernel.nodeId())) {
            throw new ApiException(400, ErrorReply.BAD_REQUEST, "that ticket is this node's own");
        }
        String as = request.path("as").asText("");
        String peerName = as.isBlank() ? peerTicket.name() : as;
        try {
            Peer added = addressBook.add(Peer.of(peerName, peerTicket));
            context.status(201);
            reply(context, peerJson(added));
        } catch (IllegalArgumentException e) {
            throw new ApiException(409, "Conflict", e.getMessage());
        }
    }

    /** Renames a peer: {@code {"name":"new name"}}. */
    void renamePeer(Context context) throws IOException {
        String oldName = context.pathParam("name");
        Peer peer = addressBook.find(oldName).filter(found -> found.name().equals(oldName))
                .orElseThrow(() -> new ApiException(404, ErrorReply.NOT_FOUND, "no peer named '" + oldName + "'"));
        try {
            reply(context, peerJson(addressBook.add(new Peer(jsonBody(context).path("name").asText(""), peer.nodeId(), peer.addresses(), peer.relays()))));
        } catch (IllegalArgumentException e) {
            throw new ApiException(409, "Conflict", e.getMessage());
        }
    }

    /** This node's ticket as a QR code, for a phone to scan. */
    void ticketQr(Context context) {
        context.contentType("image/svg+xml").result(QrCode.svg(ticket.get().encode()));
    }

    void removePeer(Context context) throws IOException {
        String peerName = context.pathParam("name");
        if (!addressBook.remove(peerName)) {
            throw new ApiException(404, ErrorReply.NOT_FOUND, "no peer named '" + peerName + "'");
        }
        context.status(204);
    }

    /**
     * A peer's files: {@code GET /api/peers/{name}/files}, the whole drive, or with {@code ?folder=PATH} what is directly
     * in that folder (files, and folders with their counts, empty ones too), or with {@code &recursive=true} every file
     * under it. A JSON array, or with {@code ?format=ndjson} one entry per line, ending in a line
     * {@code {"error":..,"message":..}} if the peer fails midway. Either way written as the peer's pages arrive, so a
     * drive of a million files is never whole in memory.
     */
    void peerFiles(Context context) {
        String peer = context.pathParam("name");
        Duration timeout = timeoutOf(context);
        String folder = context.queryParam("folder");
        boolean oneLevel = folder != null && !"true".equals(context.queryParam("recursive"));
        String format = context.queryParamAsClass("format", String.class).getOrDefault("json");
        if (!format.equals("json") && !format.equals("ndjson")) {
            throw new ApiException(400, ErrorReply.BAD_REQUEST, "format must be json or ndjson");
        }
        RemoteListing.Answer answer = folder == null ? listings.wholeDrive(peer, timeout)
                : listings.folder(peer, folder, oneLevel, oneLevel, timeout);
        if (answer instanceof RemoteListing.Whole whole && format.equals("json")) {
            context.contentType("application/json").result(whole.listing().json());
            return;
        }
        if (answer instanceof RemoteListing.Pages pages && folder != null && !folder.isEmpty() && !folder.equals("/")
                && pages.first().last() && pages.first().entries().isEmpty()) {
            throw new ApiException(404, ErrorReply.NOT_FOUND, peer + " shares no folder named '" + folder + "'");
        }
        boolean lines = format.equals("ndjson");
        context.contentType(lines ? "application/x-ndjson" : "application/json");
        try (OutputStream out = context.outputStream(); JsonGenerator json = TaggedJson.MAPPER.createGenerator(out)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT)) {
            EntryWriter entries = new EntryWriter(json, lines);
            switch (answer) {
                case RemoteListing.Whole whole -> whole.listing().files().forEach(entries::write);
                case RemoteListing.Pages pages -> {
                    try {
                        for (TransferResponse.ListPage page = pages.first(); page != null; page = pages.next()) {
                            // An empty folder's listing of one level names the folder itself, so that it is told from none.
                            page.entries().stream().filter(entry -> !isItself(entry, folder)).forEach(entries::write);
                            json.flush();
                        }
                    } catch (ApiException failed) {
                        if (!lines) {
                            // Without the array's end the client sees a listing cut short, never a shorter one.
                            throw failed;
                        }
                        entries.error(failed);
                    }
                }
            }
            entries.end();
        } catch (IOException e) {
            throw new UncheckedIOException("the API client went away: " + e.getMessage(), e);
        }
    }

    /** Whether {@code entry} is the empty folder {@code folder} itself (null: the whole drive, never an entry). */
    private static boolean isItself(ListEntry entry, String folder) {
        return folder != null && entry instanceof FolderInfo listed && listed.isEmpty()
                && (listed.name() + "/").equals(folder.endsWith("/") ? folder : folder + "/");
    }

    /** Writes listing entries as one JSON array, or as lines of JSON. */
    private static final class EntryWriter {
        private final JsonGenerator json;
        private final boolean lines;

        EntryWriter(JsonGenerator json, boolean lines) {
            this.json = json;
            this.lines = lines;
            if (!lines) {
                write(json::writeStartArray);
            }
        }

        void write(ListEntry entry) {
            write(() -> entry.writeTo(json));
        }

        void error(ApiException failed) {
            write(() -> {
                json.writeStartObject();
                json.writeStringField("error", failed.kind());
                json.writeStringField("message", failed.getMessage());
                json.writeEndObject();
            });
        }

        void end() {
            if (!lines) {
                write(json::writeEndArray);
            }
        }

        private interface JsonWrite {
            void run() throws IOException;
        }

        private void write(JsonWrite step) {
            try {
                step.run();
                if (lines && json.getOutputContext().inRoot()) {
                    json.writeRaw('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException("the API client went away: " + e.getMessage(), e);
            }
        }
    }

    /**
     * What {@code name} selects in {@code peer}'s drive, the file of that name or every file and empty folder under the
     * folder of that name, up to one more than {@link #FOLDER_AS_ONE_TRANSFER}: the file from the whole listing when it
     * fits one message ({@code wholeDrive}) and names it, else the peer's pages of that folder with its empty folders,
     * read again from the start if the drive changed twice while they were read.
     */
    private FolderSelection select(String peer, List<FileInfo> wholeDrive, String name) {
        Optional<FolderSelection> named = wholeDrive == null ? Optional.empty() : FolderSelection.theFile(wholeDrive, name);
        if (named.isPresent()) {
            return named.get();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                List<FileInfo> files = new ArrayList<>();
                List<String> emptyFolders = new ArrayList<>();
                RemoteListing.Pages pages = listings.folder(peer, name, false, true, DEFAULT_TIMEOUT);
                for (TransferResponse.ListPage page = pages.first(); page != null && files.size() + emptyFolders.size() <= FOLDER_AS_ONE_TRANSFER;
                     page = pages.next()) {
                    for (ListEntry entry : page.entries()) {
                        switch (entry) {
                            case FileInfo file -> files.add(file);
                            case FolderInfo folder when folder.isEmpty() -> emptyFolders.add(folder.name());
                            case FolderInfo notEmpty -> throw new ApiException(502, "BadResponse",
                                    peer + " listed the folder " + notEmpty.name() + " as holding files in a listing of every file");
                        }
                    }
                }
                return new FolderSelection(files, emptyFolders);
            } catch (ApiException e) {
                if (!e.kind().equals(ErrorReply.LISTING_CHANGED) || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /**
     * What each name selects in {@code peer}'s drive ({@link #select}), in the order named, each name once: from the
     * listing kept of the peer when that names every one as a file ({@link #keptListingNamingFiles}), else from the
     * peer's listing as it is now; the first name that selects nothing is an error.
     */
    private Map<String, FolderSelection> selections(String peer, List<String> names) {
        return keptListingNamingFiles(peer, names).orElseGet(() -> {
            // Names that end in '/' are folders, whose pages are asked for anyway: the whole listing only tells files.
            List<FileInfo> wholeDrive = names.stream().allMatch(name -> name.endsWith("/")) ? null
                    : listings.wholeDrive(peer, DEFAULT_TIMEOUT) instanceof RemoteListing.Whole whole ? whole.listing().files() : null;
            Map<String, FolderSelection> selected = new LinkedHashMap<>();
            for (String name : names) {
                if (!selected.containsKey(name)) {
                    FolderSelection matches = select(peer, wholeDrive, name);
                    if (matches.isEmpty()) {
                        throw new ApiException(404, ErrorReply.NOT_FOUND, peer + " shares no file or folder named '" + name + "'");
                    }
                    selected.put(name, matches);
                }
            }
            return selected;
        });
    }

    /**
     * Each name's file in the listing kept of {@code peer}, when the peer is linked now and each name is one file in
     * it: the downloads then start without asking the peer whether its listing changed, a round trip saved (200 ms on
     * a far link). A file removed since fails its transfer with the peer's answer, as one removed just after an ask
     * does; a name the kept listing lacks, a folder, and a peer not linked now are asked about as before.
     */
    private Optional<Map<String, FolderSelection>> keptListingNamingFiles(String peer, List<String> names) {
        Optional<PeerListings.Listing> kept = listings.keptWholeDrive(peer);
        boolean linked = kernel.nodeIdOf(peer).flatMap(network::existingLink).isPresent();
        if (kept.isEmpty() || !linked) {
            return Optional.empty();
        }
        List<FileInfo> files = kept.get().files();
        Map<String, FolderSelection> selected = new LinkedHashMap<>();
        for (String name : names) {
            Optional<FolderSelection> file = FolderSelection.theFile(files, name);
            if (file.isEmpty()) {
                return Optional.empty();
            }
            selected.put(name, file.get());
        }
        return Optional.of(selected);
    }

    /**
     * Starts downloads of files and whole folders from a peer: {@code {"peer":..,"names":[..],"to":..,"overwrite":..}}.
     * Every name is checked against the peer's listing first (the one kept of it, when that names every one as a file),
     * so either all start or none does; a folder of more than
     * {@link #FOLDER_AS_ONE_TRANSFER} files starts as one transfer, whose node queues its files as room frees.
     */
    void download(Context context) {
        JsonNode request = jsonBody(context);
        String peer = request.path("peer").asText("");
        JsonNode names = request.path("names");
        if (peer.isEmpty() || !names.isArray() || names.isEmpty()) {
            throw new ApiException(400, ErrorReply.BAD_REQUEST, "give a peer and at least one name");
        }
        String to = request.hasNonNull("to") ? request.get("to").asText() : null;
        boolean overwrite = request.path("overwrite").asBoolean(false);
        List<String> named = new ArrayList<>();
        names.forEach(name -> named.add(name.asText()));
        Map<String, FileInfo> chosen = new LinkedHashMap<>();
        Set<String> emptyFolders = new LinkedHashSet<>();
        List<String> folders = new ArrayList<>();
        selections(peer, named).forEach((name, matches) -> {
            if (matches.size() > FOLDER_AS_ONE_TRANSFER) {
                folders.add(name);
            } else {
                matches.files().forEach(file -> chosen.putIfAbsent(file.name(), file));
                emptyFolders.addAll(matches.emptyFolders());
            }
        });
        List<FileInfo> files = List.copyOf(chosen.values());
        List<String> madeFolders = List.copyOf(emptyFolders);
        Address main = RemoteListing.mainProcessOf(peer);
        // In groups, so that one message stays small however large the folder; each group is one group commit. The
        // empty folders go with the first group, or alone.
        List<TransferRequest.DownloadMany> groups = new ArrayList<>();
        for (int from = 0; from < files.size() || (from == 0 && !madeFolders.isEmpty()); from += DOWNLOADS_PER_REQUEST) {
            groups.add(new TransferRequest.DownloadMany(files.subList(from, Math.min(files.size(), from + DOWNLOADS_PER_REQUEST)),
                    from == 0 ? madeFolders : List.of(), main, to, overwrite, 0, null));
        }
        // Each group is all or none by itself; checking every group first makes the whole request so, but for
        // another request taking the room or a file's place in between.
        if (groups.size() > 1) {
            for (TransferRequest.DownloadMany group : groups) {
                startGroup(new TransferRequest.DownloadMany(group.files(), group.emptyFolders(), main, to, overwrite, files.size(), null),
                        List.of());
            }
        }
        List<TransferStatus> started = new ArrayList<>();
        for (TransferRequest.DownloadMany group : groups) {
            started.addAll(startGroup(group, started));
        }
        for (String folder : folders) {
            started.add(startFolder(new TransferRequest.DownloadFolder(folder, main, to, overwrite), started));
        }
        context.status(202);
        replyStreaming(context, started);
    }

    private TransferStatus startFolder(TransferRequest.DownloadFolder download, List<TransferStatus> startedBefore) {
        return switch (askMainProcess(download)) {
            case TransferResponse.Download accepted -> registry.get(accepted.worker().process()).orElseThrow();
            case ErrorReply error -> throw refused(error, download.folder() + ": ", startedBefore);
            default -> throw new ApiException(500, ErrorReply.INTERNAL, "unexpected answer");
        };
    }

    /** Sends one group to the main process; the statuses of the transfers it started, or the error, which says what did. */
    private List<TransferStatus> startGroup(TransferRequest.DownloadMany download, List<TransferStatus> startedBefore) {
        return switch (askMainProcess(download)) {
            case TransferResponse.Downloads accepted ->
                    accepted.workers().stream().map(worker -> registry.get(worker.process()).orElseThrow()).toList();
            case ErrorReply error -> throw refused(error, download.files().size() == 1 ? download.files().getFirst().name() + ": " : "",
                    startedBefore);
            default -> throw new ApiException(500, ErrorReply.INTERNAL, "unexpected answer");
        };
    }

    /** This node's main process's answer to {@code request}. */
    private TransferResponse askMainProcess(TransferRequest request) {
        WireFrame.Message response = await(new Address(Address.OUR, Address.MAIN_PROCESS), request.encode(), DEFAULT_TIMEOUT);
        try {
            return TransferResponse.decode(response.body());
        } catch (MalformedMessageException e) {
            throw new ApiException(500, ErrorReply.INTERNAL, e.getMessage());
        }
    }

    private static ApiException refused(ErrorReply error, String what, List<TransferStatus> startedBefore) {
        return new ApiException(error.kind().equals(ErrorReply.BUSY) ? 409 : 400, error.kind(), what + error.message()
                + (startedBefore.isEmpty() ? "" : " (" + startedBefore.size() + " transfers of this request were queued before this one was refused)"));
    }

    /** This node's downloads; {@code ?direction=send} its uploads, {@code ?direction=all} both. */
    void transfers(Context context) {
        replyStreaming(context, going(directionOf(context)));
    }

    /**
     * A person's view of the transfers, {@code GET /api/transfers/overview?direction=..&finished=N}: every one not over
     * and the N (default 20, or {@code all}) that ended last, {@code {"transfers":[..],"earlier":{"done":M,..}}} with
     * how many that ended before them were left out, by state.
     */
    void transfersOverview(Context context) {
        String direction = directionOf(context);
        String finished = context.queryParamAsClass("finished", String.class).getOrDefault("20");
        int limit;
        try {
            limit = finished.equals("all") ? Integer.MAX_VALUE : Integer.parseInt(finished);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 0) {
            throw new ApiException(400, ErrorReply.BAD_REQUEST, "finished must be a number of transfers (0 or more) or all");
        }
        replyStreaming(context, registry.overview(status -> inDirection(direction, status), limit));
    }

    private static String directionOf(Context context) {
        String direction = context.queryParamAsClass("direction", String.class).getOrDefault(TransferStatus.RECEIVE);
        if (!List.of(TransferStatus.RECEIVE, TransferStatus.SEND, "all").contains(direction)) {
            throw new ApiException(400, ErrorReply.BAD_REQUEST, "direction must be receive, send or all");
        }
        return direction;
    }

    /** What peers download from this node: {@code GET /api/uploads}. */
    void uploads(Context context) {
        replyStreaming(context, going(TransferStatus.SEND));
    }

    private List<TransferStatus> going(String direction) {
        return registry.all().stream().filter(status -> inDirection(direction, status)).toList();
    }

    private static boolean inDirection(String direction, TransferStatus status) {
        return direction.equals("all") || status.direction().equals(direction);
    }

    /** Forgets every finished transfer, both ways: {@code {"cleared": N}}. */
    void clearFinished(Context context) {
        reply(context, TaggedJson.object().put("cleared", registry.clearFinished()));
    }

    /**
     * What changed since a sequence number: {@code {"sequence":N,"forgotten":F,"transfers":[..]}}; ask again with
     * since=N. F after the sequence asked from means some transfers ended and were forgotten in between.
     */
    void transferChanges(Context context) {
        long since;
        try {
            since = Long.parseLong(context.queryParamAsClass("since", String.class).getOrDefault("0"));
        } catch (NumberFormatException e) {
            throw new ApiException(400, ErrorReply.BAD_REQUEST, "since must be a sequence number");
        }
        String ids = context.queryParam("ids");
        String wait = context.queryParam("wait");
        if (ids == null || ids.isEmpty()) {
            if (wait != null) {
                throw new ApiException(400, ErrorReply.BAD_REQUEST, "wait needs ids: the transfers whose end to wait for");
            }
            replyStreaming(context, registry.changedSince(since));
            return;
        }
        List<String> only = List.of(ids.split(",", -1));
        if (only.size() > TransferRegistry.MAX_IDS_ASKED) {
            throw new ApiException(400, ErrorReply.BAD_REQUEST, "ids names " + only.size() + " transfers; ask after at most "
                    + TransferRegistry.MAX_IDS_ASKED + ", or after all without ids");
        }
        if (wait != null) {
            awaitFinished(only, wait);
        }
        replyStreaming(context, registry.changedSince(since, only));
    }

    /** Waits up to {@code wait} milliseconds for every transfer of {@code ids} to finish. */
    private void awaitFinished(List<String> ids, String wait) {
        long millis = wholeNumberWithin(wait, 0, MAX_CHANGES_WAIT.toMillis()).orElseThrow(() -> new ApiException(400,
                ErrorReply.BAD_REQUEST, "wait must be a number of milliseconds from 0 to " + MAX_CHANGES_WAIT.toMillis()));
        try {
            registry.awaitFinished(ids, Duration.ofMillis(millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "Interrupted", "the node is shutting down");
        }
    }

    /** Cancel, pause, resume or retry: the main process carries it out; the answer is the transfer's status. */
    void control(Context context, java.util.function.Function<String, TransferRequest> command) {
        String id = context.pathParam("id");
        WireFrame.Message response = await(new Address(Address.OUR, Address.MAIN_PROCESS), command.apply(id).encode(), DEFAULT_TIMEOUT);
        ErrorReply.in(response.body()).ifPresent(error -> {
            throw new ApiException(error.kind().equals(ErrorReply.NOT_FOUND) ? 404 : 409, error.kind(), error.message());
        });
        context.status(202);
        reply(context, TaggedJson.MAPPER.valueToTree(registry.get(id).orElseThrow()));
    }

    void transfer(Context context) {
        String id = context.pathParam("id");
        TransferStatus status = registry.get(id)
                .orElseThrow(() -> new ApiException(404, ErrorReply.NOT_FOUND, "no transfer " + id));
        reply(context, TaggedJson.MAPPER.valueToTree(status));
    }

    /** The seed's {@code /m}: send any JSON body to any address and return the response body. */
    void message(Context context) {
        JsonNode request = jsonBody(context);
        Address target;
        try {
            target = Address.parse(request.path("address").asText(null));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, ErrorReply.BAD_REQUEST, e.getMessage());
        }
        JsonNode body = request.get("body");
        if (body == null) {
            throw new ApiException(400, ErrorReply.BAD_REQUEST, "no body to send");
        }
        Duration timeout = request.has("timeoutMillis") ? Duration.ofMillis(request.get("timeoutMillis").asLong()) : DEFAULT_TIMEOUT;
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new ApiException(400, ErrorReply.BAD_REQUEST, "timeout must be between 1 ms and 10 minutes");
        }
        WireFrame.Message response = await(target, TaggedJson.bytes(body), timeout);
        ObjectNode result = TaggedJson.object();
        result.put("source", displayed(response.envelope().source()).toString());
        try {
            result.set("body", TaggedJson.MAPPER.readTree(response.body()));
        } catch (IOException e) {
            throw new ApiException(502, "BadResponse", target + " answered with a body that is not JSON");
        }
        reply(context, result);
    }

    private WireFrame.Message await(Address target, byte[] body, Duration timeout) {
        try {
            return kernel.request(new Address(Address.OUR, TERMINAL), target, body, null, timeout).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "Interrupted", "the node is shutting down");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RequestFailedException failed) {
                int status = switch (failed.reason()) {
                    case UNKNOWN_NODE -> 404;
                    case OFFLINE, WRONG_NODE -> 502;
                    case TIMEOUT -> 504;
                    case BUSY -> 503;
                };
                throw new ApiException(status, failed.reason().name(), failed.getMessage());
            }
            throw new ApiException(500, ErrorReply.INTERNAL, String.valueOf(e.getCause()));
        }
    }

    /** An address with the node named as the owner calls it, where the address book knows it. */
    private Address displayed(Address address) {
        if (address.node().equals(kernel.nodeId().value())) {
            return address.withNode(Address.OUR);
        }
        return addressBook.find(address.node()).map(peer -> address.withNode(peer.name())).orElse(address);
    }

    private ObjectNode peerJson(Peer peer) {
        ObjectNode json = TaggedJson.object();
        json.put("name", peer.name());
        json.put("nodeId", peer.nodeId().value());
        json.put("shortId", peer.nodeId().shortForm());
        ArrayNode addresses = json.putArray("addresses");
        peer.addresses().stream().map(HostPort::toString).forEach(addresses::add);
        ArrayNode relays = json.putArray("relays");
        peer.relays().stream().map(HostPort::toString).forEach(relays::add);
        Optional<Link> link = network.existingLink(peer.nodeId());
        json.put("online", link.isPresent());
        link.ifPresent(up -> json.put("path", up.path()));
        return json;
    }

    private static Duration timeoutOf(Context context) {
        String millis = context.queryParam("timeoutMillis");
        if (millis == null) {
            return DEFAULT_TIMEOUT;
        }
        return Duration.ofMillis(wholeNumberWithin(millis, 1, MAX_TIMEOUT.toMillis()).orElseThrow(() -> new ApiException(400,
                ErrorReply.BAD_REQUEST, "timeoutMillis must be between 1 and " + MAX_TIMEOUT.toMillis())));
    }

    /** The whole number {@code text} says, if it says one from {@code min} to {@code max}; empty for anything else. */
    private static OptionalLong wholeNumberWithin(String text, long min, long max) {
        try {
            long value = Long.parseLong(text);
            return value >= min && value <= max ? OptionalLong.of(value) : OptionalLong.empty();
        } catch (NumberFormatException notANumber) {
            return OptionalLong.empty();
        }
    }

    static JsonNode jsonBody(Context context) {
        try {
            JsonNode body = TaggedJson.MAPPER.readTree(context.bodyAsBytes());
            if (body == null || !body.isObject()) {
                throw new ApiException(400, ErrorReply.BAD_REQUEST, "the request body must be a JSON object");
            }
            return body;
        } catch (IOException e) {
            throw new ApiException(400, ErrorReply.BAD_REQUEST, "the request body is not JSON");
        }
    }

    static void reply(Context context, JsonNode json) {
        context.contentType("application/json").result(TaggedJson.bytes(json));
    }

    /**
     * Writes {@code value} as JSON straight to the response as it serializes: a folder of 100,000 files makes as
     * many statuses, and a tree or a byte array of them all would take more than the node's whole heap.
     */
    static void replyStreaming(Context context, Object value) {
        context.contentType("application/json");
        try (OutputStream out = context.outputStream()) {
            TaggedJson.MAPPER.writeValue(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException("the API client went away: " + e.getMessage(), e);
        }
    }
}
