package dev.nectar.ft.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Requests to a node's main process {@code file_transfer}, in the seed's JSON shapes. */
public sealed interface TransferRequest {
    byte[] encode();

    /**
     * What files does your public drive hold? Without fields this is the seed's {@code "ListFiles"}: the whole drive,
     * answered in one {@link TransferResponse.ListFiles} while it fits one message, else in {@link TransferResponse.ListPage}s.
     * <ul>
     * <li>{@code unless}: the version of the listing the asker already has; the answer is then
     * {@link TransferResponse.ListingUnchanged} if the drive still lists the same.
     * <li>{@code folder}: only the file of that name or the files under that folder ({@code ""}: the whole drive);
     * with {@code oneLevel}, only what is directly in that folder, files and {@link FolderInfo folders}. Always paged.
     * <li>{@code version} and {@code from}: the next page of a paged listing, as the last page's {@code next} said;
     * answered from that version of the listing while the node still holds it, else with
     * {@link ErrorReply#LISTING_CHANGED}.
     * <li>{@code after}: the first page of a recursive folder listing starts at the first file whose name comes after
     * this one (in the order of {@link String#compareTo}), in the latest version: a download that went through a
     * folder up to a file goes on from there, whatever changed since.
     * <li>{@code emptyFolders}: with a folder, its empty folders too ({@link #withEmptyFolders}).
     * </ul>
     */
    record ListFiles(String unless, String folder, boolean oneLevel, String version, int from, String after, boolean emptyFolders)
            implements TransferRequest {
        public ListFiles {
            if (after != null && (folder == null || oneLevel || version != null)) {
                throw new IllegalArgumentException("'after' starts the first page of a recursive folder listing");
            }
            if (unless != null && !TransferResponse.ListFiles.isVersion(unless)) {
                throw new IllegalArgumentException("not a listing version: " + unless);
            }
            if (version != null && !TransferResponse.ListFiles.isVersion(version)) {
                throw new IllegalArgumentException("not a listing version: " + version);
            }
            if (from < 0 || (from > 0 && version == null)) {
                throw new IllegalArgumentException("a page starts at an entry >= 0 of a named version");
            }
            if (oneLevel && folder == null) {
                throw new IllegalArgumentException("one level of which folder?");
            }
            if (emptyFolders && folder == null) {
                throw new IllegalArgumentException("empty folders are listed in pages of a folder");
            }
            if (folder != null) {
                folder = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
            }
        }

        public ListFiles() {
            this(null);
        }

        public ListFiles(String unless) {
            this(unless, null, false, null, 0, null, false);
        }

        /** The first page of a listing of {@code folder}, recursive or of one level. */
        public static ListFiles of(String folder, boolean oneLevel) {
            return new ListFiles(null, folder, oneLevel, null, 0, null, false);
        }

        /** The first page of the files under {@code folder} whose names come after {@code after}. */
        public static ListFiles after(String folder, String after) {
            return new ListFiles(null, folder, false, null, 0, after, false);
        }

        /**
         * The same listing with the folder's empty folders in it too, as {@link FolderInfo}s of no files: in their place
         * among the files of a recursive listing, as folders of no files in a listing of one level. A node before them
         * ignores the field and lists files only, as the seed does.
         */
        public ListFiles withEmptyFolders() {
            return new ListFiles(unless, folder, oneLevel, version, from, after, true);
        }

        /** The same listing from entry {@code from} of {@code version}, the continuation a page gave. */
        public ListFiles continuedAt(String version, int from) {
            return new ListFiles(null, folder, oneLevel, version, from, null, emptyFolders);
        }

        /** Whether this asks for the whole drive from its start, which may be answered in the seed's one message. */
        public boolean wholeDrive() {
            return folder == null && version == null;
        }

        @Override
        public byte[] encode() {
            if (unless == null && folder == null && version == null) {
                return TaggedJson.unit("ListFiles");
            }
            ObjectNode content = TaggedJson.object();
            if (unless != null) {
                content.put("unless", unless);
            }
            if (folder != null) {
                content.put("folder", folder);
            }
            if (oneLevel) {
                content.put("one_level", true);
            }
            if (version != null) {
                content.put("version", version);
                content.put("from", from);
            }
            if (after != null) {
                content.put("after", after);
            }
            if (emptyFolders) {
                content.put("empty_folders", true);
            }
            return TaggedJson.variant("ListFiles", content);
        }

        static ListFiles decode(TaggedJson json) throws MalformedMessageException {
            if (json.content().isNull()) {
                return new ListFiles();
            }
            if (!json.content().isObject()) {
                throw new MalformedMessageException("ListFiles must hold an object or nothing");
            }
            String unless = optionalVersion(json, "unless");
            String version = optionalVersion(json, "version");
            JsonNode folder = json.content().path("folder");
            if (!folder.isMissingNode() && !folder.isTextual()) {
                throw new MalformedMessageException("ListFiles.folder must be a folder name");
            }
            JsonNode oneLevel = json.content().path("one_level");
            if (!oneLevel.isMissingNode() && !(oneLevel.isBoolean() && folder.isTextual())) {
                throw new MalformedMessageException("ListFiles.one_level must be true or false, with a folder");
            }
            JsonNode from = json.content().path("from");
            if (!from.isMissingNode() && !(from.isIntegralNumber() && from.canConvertToInt() && from.asInt() >= 0 && version != null)) {
                throw new MalformedMessageException("ListFiles.from must be an entry number >= 0, with a version");
            }
            JsonNode after = json.content().path("after");
            if (!after.isMissingNode() && !(after.isTextual() && folder.isTextual() && !oneLevel.asBoolean(false) && version == null)) {
                throw new MalformedMessageException("ListFiles.after must be a file name, with a folder listed recursively from its start");
            }
            JsonNode emptyFolders = json.content().path("empty_folders");
            if (!emptyFolders.isMissingNode() && !(emptyFolders.isBoolean() && folder.isTextual())) {
                throw new MalformedMessageException("ListFiles.empty_folders must be true or false, with a folder");
            }
            return new ListFiles(unless, folder.isTextual() ? folder.asText() : null, oneLevel.asBoolean(false), version, from.asInt(0),
                    after.isTextual() ? after.asText() : null, emptyFolders.asBoolean(false));
        }

        private static String optionalVersion(TaggedJson json, String field) throws MalformedMessageException {
            JsonNode value = json.content().path(field);
            if (value.isMissingNode()) {
                return null;
            }
            if (!value.isTextual() || !TransferResponse.ListFiles.isVersion(value.asText())) {
                throw new MalformedMessageException("ListFiles." + field + " must be 64 hex digits");
            }
            return value.asText();
        }
    }

    /**
     * From a local client: fetch {@code name} from the main process at {@code target}. Between nodes: send
     * {@code name} to the receiving worker at {@code target}. The optional {@code to} (a local folder) and
     * {@code overwrite} only mean something to the downloading node's own main process; the optional {@code first}
     * only to the sending node's: the chunks to send right behind the manifest.
     */
    record Download(String name, Address target, String to, boolean overwrite, FirstChunks first) implements TransferRequest {
        public Download(String name, Address target) {
            this(name, target, null, false, null);
        }

        public Download(String name, Address target, String to, boolean overwrite) {
            this(name, target, to, overwrite, null);
        }

        @Override
        public byte[] encode() {
            ObjectNode content = TaggedJson.object();
            content.put("name", name);
            content.put("target", target.toString());
            putDestination(content, to, overwrite);
            if (first != null) {
                content.putArray("first").add(first.count()).add(first.place());
            }
            return TaggedJson.variant("Download", content);
        }

        private static FirstChunks firstOf(TaggedJson json) throws MalformedMessageException {
            JsonNode first = json.content().path("first");
            if (first.isMissingNode()) {
                return null;
            }
            if (!first.isArray() || first.size() != 2 || !isInt(first.get(0)) || !isInt(first.get(1))) {
                throw new MalformedMessageException("Download.first must be [count, place]");
            }
            try {
                return new FirstChunks(first.get(0).asInt(), first.get(1).asInt());
            } catch (IllegalArgumentException e) {
                throw new MalformedMessageException("Download." + e.getMessage());
            }
        }

        private static boolean isInt(JsonNode number) {
            return number.isIntegralNumber() && number.canConvertToInt();
        }
    }

    /**
     * From a local client: fetch all of {@code files} from the main process at {@code target}, journaled together
     * (one group commit instead of an fsync per file). Their sizes, from the peer's listing, let small files
     * travel in batches. With {@code checkFor} above 0 nothing starts: the answer says whether these files would
     * (an empty list of workers, or the error a download would get), there being room for {@code checkFor} files
     * in all, so that a client sending a large folder in groups can check every group before it starts one. With
     * {@code feeds}, the id of a {@link DownloadFolder folder download}, these are its next files in name order.
     * {@code emptyFolders}: the peer's empty folders among them, made here (with no transfer) before the files start.
     */
    record DownloadMany(List<FileInfo> files, List<String> emptyFolders, Address target, String to, boolean overwrite, int checkFor,
                        String feeds) implements TransferRequest {
        public DownloadMany {
            files = List.copyOf(files);
            emptyFolders = List.copyOf(emptyFolders);
            if (checkFor < 0) {
                throw new IllegalArgumentException("checkFor must not be negative");
            }
        }

        public DownloadMany(List<FileInfo> files, Address target, String to, boolean overwrite) {
            this(files, List.of(), target, to, overwrite, 0, null);
        }

        /** The name that comes last of the files and folders, in the listing's order (a folder's with '/' after it). */
        public String last() {
            String file = files.isEmpty() ? "" : files.getLast().name();
            String folder = emptyFolders.isEmpty() ? "" : emptyFolders.getLast() + "/";
            return file.compareTo(folder) >= 0 ? file : folder;
        }

        public boolean onlyCheck() {
            return checkFor > 0;
        }

        @Override
        public byte[] encode() {
            ObjectNode content = TaggedJson.object();
            content.set("files", FileInfo.toJson(files));
            if (!emptyFolders.isEmpty()) {
                ArrayNode folders = content.putArray("empty_folders");
                emptyFolders.forEach(folders::add);
            }
            content.put("target", target.toString());
            putDestination(content, to, overwrite);
            if (onlyCheck()) {
                content.put("check_for", checkFor);
            }
            if (feeds != null) {
                content.put("feeds", feeds);
            }
            return TaggedJson.variant("DownloadMany", content);
        }
    }

    /**
     * From a local client: fetch every file under {@code folder} from the main process at {@code target} as one
     * transfer, however many files it holds: the node reads the peer's listing of it a page at a time and queues
     * its files as room frees, keeping its place in a journal, so that neither memory nor the queue grows with it.
     */
    record DownloadFolder(String folder, Address target, String to, boolean overwrite) implements TransferRequest {
        @Override
        public byte[] encode() {
            ObjectNode content = TaggedJson.object();
            content.put("folder", folder);
            content.put("target", target.toString());
            putDestination(content, to, overwrite);
            return TaggedJson.variant("DownloadFolder", content);
        }
    }

    /** Between nodes: send these small files, whole and in this order, to the receiving worker at {@code target}. */
    record DownloadBatch(List<String> names, Address target) implements TransferRequest {
        public DownloadBatch {
            names = List.copyOf(names);
        }

        @Override
        public byte[] encode() {
            ObjectNode content = TaggedJson.object();
            ArrayNode list = content.putArray("names");
            names.forEach(list::add);
            content.put("target", target.toString());
            return TaggedJson.variant("DownloadBatch", content);
        }
    }

    /**
     * A receiving worker's report to its main process: percent done, as in the seed, and, from workers of this
     * node, the whole {@link TransferStatus}.
     */
    record Progress(String name, long progress, TransferStatus status) implements TransferRequest {
        public Progress(String name, long progress) {
            this(name, progress, null);
        }

        @Override
        public byte[] encode() {
            ObjectNode content = TaggedJson.object();
            content.put("name", name);
            content.put("progress", progress);
            if (status != null) {
                content.set("status", TaggedJson.MAPPER.valueToTree(status));
            }
            return TaggedJson.variant("Progress", content);
        }
    }

    /**
     * A batch worker's report to its main process: the files it settled since its last report, in one message,
     * so that a worker landing hundreds of files a second does not fill its main process's mailbox.
     */
    record Settled(List<TransferStatus> statuses) implements TransferRequest {
        public Settled {
            statuses = List.copyOf(statuses);
        }

        /** Written as it goes, not as a tree first: a folder's every file is settled in one of these. */
        @Override
        public byte[] encode() {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256 * statuses.size() + 32);
            TaggedJson.inMemory(() -> {
                try (JsonGenerator json = TaggedJson.generatorTo(out)) {
                    json.writeStartObject();
                    json.writeObjectFieldStart("Settled");
                    json.writeArrayFieldStart("statuses");
                    for (TransferStatus status : statuses) {
                        TaggedJson.MAPPER.writeValue(json, status);
                    }
                    json.writeEndArray();
                    json.writeEndObject();
                    json.writeEndObject();
                }
            });
            return out.toByteArray();
        }
    }

    /** The owner: stop a transfer for good, and remove what arrived of it. */
    record CancelTransfer(String id) implements TransferRequest {
        @Override
        public byte[] encode() {
            return idVariant("CancelTransfer", id);
        }
    }

    /** The owner: stop a transfer for now, keeping what arrived. */
    record PauseTransfer(String id) implements TransferRequest {
        @Override
        public byte[] encode() {
            return idVariant("PauseTransfer", id);
        }
    }

    /** The owner: carry on with a paused transfer. */
    record ResumeTransfer(String id) implements TransferRequest {
        @Override
        public byte[] encode() {
            return idVariant("ResumeTransfer", id);
        }
    }

    /** The owner: try a failed or cancelled transfer again. */
    record RetryTransfer(String id) implements TransferRequest {
        @Override
        public byte[] encode() {
            return idVariant("RetryTransfer", id);
        }
    }

    /**
     * Between nodes, to every peer of a swarm: if your public drive holds the file whose hash is {@code fileHash}
     * (whole, or partly while you download it), have a sending worker offer your chunks to the receiving worker
     * at {@code target}. No answer: a node that holds nothing, or refuses, stays silent, so asking costs one
     * message.
     */
    record SeekChunks(String fileHash, Address target) implements TransferRequest {
        public SeekChunks {
            if (!TransferResponse.ListFiles.isVersion(fileHash)) {
                throw new IllegalArgumentException("not a file hash: " + fileHash);
            }
        }

        @Override
        public byte[] encode() {
            ObjectNode content = TaggedJson.object();
            content.put("file_hash", fileHash);
            content.put("target", target.toString());
            return TaggedJson.variant("SeekChunks", content);
        }
    }

    /** The most names one {@link DownloadBatch} may carry. */
    int MAX_BATCH_NAMES = 4096;

    private static Address targetOf(TaggedJson json, String tag) throws MalformedMessageException {
        try {
            return Address.parse(json.text("target"));
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException(tag + ".target: " + e.getMessage());
        }
    }

    /** The optional local folder and overwrite flag of a download, written only when they say something. */
    private static void putDestination(ObjectNode content, String to, boolean overwrite) {
        if (to != null) {
            content.put("to", to);
        }
        if (overwrite) {
            content.put("overwrite", true);
        }
    }

    private static String toOf(TaggedJson json, String tag) throws MalformedMessageException {
        JsonNode to = json.content().get("to");
        if (to != null && !to.isTextual()) {
            throw new MalformedMessageException(tag + ".to must be a folder path");
        }
        return to == null ? null : to.asText();
    }

    private static byte[] idVariant(String tag, String id) {
        ObjectNode content = TaggedJson.object();
        content.put("id", id);
        return TaggedJson.variant(tag, content);
    }

    static TransferRequest decode(byte[] body) throws MalformedMessageException {
        TaggedJson json = TaggedJson.parse(body);
        return switch (json.tag()) {
            case "ListFiles" -> ListFiles.decode(json);
            case "Download" -> {
                yield new Download(json.text("name"), targetOf(json, "Download"), toOf(json, "Download"),
                        json.content().path("overwrite").asBoolean(false), Download.firstOf(json));
            }
            case "DownloadMany" -> {
                JsonNode list = json.content().path("files");
                if (!list.isArray()) {
                    throw new MalformedMessageException("DownloadMany needs an array 'files'");
                }
                JsonNode checkFor = json.content().path("check_for");
                if (!checkFor.isMissingNode() && !(checkFor.isIntegralNumber() && checkFor.canConvertToInt() && checkFor.asInt() > 0)) {
                    throw new MalformedMessageException("DownloadMany's 'check_for' must be a positive number of files");
                }
                JsonNode feeds = json.content().path("feeds");
                if (!feeds.isMissingNode() && !feeds.isTextual()) {
                    throw new MalformedMessageException("DownloadMany.feeds must be a transfer id");
                }
                List<String> emptyFolders = new ArrayList<>();
                JsonNode folders = json.content().path("empty_folders");
                if (!folders.isMissingNode() && !folders.isArray()) {
                    throw new MalformedMessageException("DownloadMany.empty_folders must be an array of folder names");
                }
                for (JsonNode folder : folders) {
                    if (!folder.isTextual()) {
                        throw new MalformedMessageException("DownloadMany.empty_folders must be an array of folder names");
                    }
                    emptyFolders.add(folder.asText());
                }
                yield new DownloadMany(FileInfo.fromJson(list, "DownloadMany file"), emptyFolders, targetOf(json, "DownloadMany"),
                        toOf(json, "DownloadMany"), json.content().path("overwrite").asBoolean(false), checkFor.asInt(0),
                        feeds.isTextual() ? feeds.asText() : null);
            }
            case "DownloadFolder" -> new DownloadFolder(json.text("folder"), targetOf(json, "DownloadFolder"), toOf(json, "DownloadFolder"),
                    json.content().path("overwrite").asBoolean(false));
            case "DownloadBatch" -> {
                JsonNode list = json.content().path("names");
                if (!list.isArray() || list.isEmpty() || list.size() > MAX_BATCH_NAMES) {
                    throw new MalformedMessageException("DownloadBatch needs an array 'names' of 1 to " + MAX_BATCH_NAMES + " names");
                }
                List<String> names = new ArrayList<>();
                for (JsonNode name : list) {
                    if (!name.isTextual()) {
                        throw new MalformedMessageException("DownloadBatch.names holds something that is not a name");
                    }
                    names.add(name.asText());
                }
                yield new DownloadBatch(names, targetOf(json, "DownloadBatch"));
            }
            case "Progress" -> {
                JsonNode status = json.content().get("status");
                TransferStatus decoded = null;
                if (status != null) {
                    try {
                        decoded = TransferStatus.fromJson(status);
                    } catch (IllegalArgumentException e) {
                        throw new MalformedMessageException("Progress.status is malformed: " + e.getMessage());
                    }
                }
                yield new Progress(json.text("name"), json.number("progress"), decoded);
            }
            case "Settled" -> {
                JsonNode list = json.content().path("statuses");
                if (!list.isArray()) {
                    throw new MalformedMessageException("Settled needs an array 'statuses'");
                }
                List<TransferStatus> statuses = new ArrayList<>();
                // Read by hand, not bound: a folder's every file is settled in one of these, and a null is no status.
                for (JsonNode status : list) {
                    try {
                        statuses.add(TransferStatus.fromJson(status));
                    } catch (IllegalArgumentException e) {
                        throw new MalformedMessageException("Settled.statuses holds a malformed status: " + e.getMessage());
                    }
                }
                yield new Settled(statuses);
            }
            case "SeekChunks" -> {
                String fileHash = json.text("file_hash");
                if (!TransferResponse.ListFiles.isVersion(fileHash)) {
                    throw new MalformedMessageException("SeekChunks.file_hash must be 64 hex digits");
                }
                yield new SeekChunks(fileHash, targetOf(json, "SeekChunks"));
            }
            case "CancelTransfer" -> new CancelTransfer(json.text("id"));
            case "PauseTransfer" -> new PauseTransfer(json.text("id"));
            case "ResumeTransfer" -> new ResumeTransfer(json.text("id"));
            case "RetryTransfer" -> new RetryTransfer(json.text("id"));
            default -> throw json.unknown("request", "ListFiles, Download, DownloadMany, DownloadFolder, DownloadBatch, SeekChunks, Progress, Settled, CancelTransfer, PauseTransfer, ResumeTransfer, RetryTransfer");
        };
    }
}
