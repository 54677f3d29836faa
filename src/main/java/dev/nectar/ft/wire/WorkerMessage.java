package dev.nectar.ft.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;

/**
 * What a sending and a receiving worker say to each other. {@code Chunk} keeps the seed's shape (the bytes
 * travel as the blob); the rest extends it: the manifest, the chunks still needed, and the ends of a transfer.
 */
public sealed interface WorkerMessage {
    byte[] encode();

    /**
     * Sender to receiver, first: what the file is. The response is a {@link Need}. {@code ahead}: the chunks sent
     * right behind it, unasked, as the request's {@link FirstChunks} said (none if it did not); {@code heldMicros}: how
     * long the sender took from the request to this message (hashing a file it had not hashed yet, say), which the
     * receiver takes off the first round trip it measures.
     */
    record Manifest(FileManifest manifest, List<ChunkRange> ahead, long heldMicros) implements WorkerMessage {
        public Manifest {
            ahead = List.copyOf(ahead);
            if (heldMicros < 0) {
                throw new IllegalArgumentException("a manifest's heldMicros must not be negative");
            }
        }

        public Manifest(FileManifest manifest) {
            this(manifest, List.of(), 0);
        }

        @Override
        public byte[] encode() {
            ObjectNode content = manifestJson(manifest);
            if (!ahead.isEmpty()) {
                putRanges(content, "ahead", ahead);
                content.put("held_us", heldMicros);
            }
            return TaggedJson.variant("Manifest", content);
        }

        static Manifest decode(TaggedJson json) throws MalformedMessageException {
            FileManifest manifest = manifestOf(json);
            if (json.content().path("ahead").isMissingNode()) {
                return new Manifest(manifest);
            }
            List<ChunkRange> ahead = rangesOf(json, "ahead");
            if (ahead.stream().anyMatch(range -> range.to() > manifest.chunkCount())) {
                throw new MalformedMessageException("Manifest.ahead names chunks past the file's " + manifest.chunkCount());
            }
            long held = json.number("held_us");
            if (held < 0) {
                throw new MalformedMessageException("Manifest.held_us must not be negative");
            }
            return new Manifest(manifest, ahead, held);
        }
    }

    private static ObjectNode manifestJson(FileManifest manifest) {
        ObjectNode content = TaggedJson.object();
        content.put("name", manifest.name());
        content.put("size", manifest.size());
        content.put("mtime", manifest.mtimeMillis());
        content.put("chunk_size", manifest.chunkSize());
        ArrayNode chunks = content.putArray("chunks");
        manifest.chunkHashes().forEach(chunks::add);
        content.put("file_hash", manifest.fileHash());
        return content;
    }

    private static FileManifest manifestOf(TaggedJson json) throws MalformedMessageException {
        List<String> hashes = new ArrayList<>();
        JsonNode chunks = json.content().path("chunks");
        if (!chunks.isArray()) {
            throw new MalformedMessageException("a manifest needs an array 'chunks'");
        }
        for (JsonNode hash : chunks) {
            hashes.add(hash.asText(null));
        }
        long chunkSize = json.number("chunk_size");
        if (chunkSize > Integer.MAX_VALUE) {
            throw new MalformedMessageException("a manifest's chunk_size is too large");
        }
        FileManifest manifest = new FileManifest(json.text("name"), json.number("size"), json.number("mtime"),
                (int) chunkSize, hashes, json.text("file_hash"));
        manifest.validate();
        return manifest;
    }

    private static int indexOf(TaggedJson json) throws MalformedMessageException {
        long index = json.number("index");
        if (index < 0 || index > Integer.MAX_VALUE) {
            throw new MalformedMessageException("index " + index + " is out of range");
        }
        return (int) index;
    }

    private static Unavailable.Why whyOf(TaggedJson json) throws MalformedMessageException {
        try {
            return Unavailable.Why.valueOf(json.text("why"));
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("Unavailable.why must be one of MISSING, CHANGED, TOO_LARGE, UNREADABLE");
        }
    }

    /** Receiver to sender: send these chunks (all at first, then more as earlier ones are written, or again). */
    record Need(List<ChunkRange> chunks) implements WorkerMessage {
        public Need {
            chunks = List.copyOf(chunks);
        }

        @Override
        public byte[] encode() {
            return TaggedJson.variant("Need", rangesJson(chunks));
        }
    }

    /** Sender to receiver: the bytes of one chunk, in the blob. */
    record Chunk(String name, long offset, long length) implements WorkerMessage {
        @Override
        public byte[] encode() {
            ObjectNode content = TaggedJson.object();
            content.put("name", name);
            content.put("offset", offset);
            content.put("length", length);
            return TaggedJson.variant("Chunk", content);
        }
    }

    /**
     * Sender to receiver in a batch of small files: the whole file number {@code index} of the batch, its
     * manifest here and its bytes in the blob. The {@link Need} of a batch counts files, not chunks.
     */
    record Whole(int index, FileManifest manifest) implements WorkerMessage {
        @Override
        public byte[] encode() {
            ObjectNode content = manifestJson(manifest);
            content.put("index", index);
            return TaggedJson.variant("Whole", content);
        }
    }

    /** Sender to receiver in a batch: file number {@code index} cannot be sent, for this reason. */
    record Unavailable(int index, Why why, String reason) implements WorkerMessage {
        /** What a receiver does about it: give up on the file, ask again, or fetch it alone. */
        public enum Why {
            /** No such file (any more) in the sender's drive. */
            MISSING,
            /** It changed while it was read: asking again may find it settled. */
            CHANGED,
            /** It grew over the size of a small file: it travels alone, in chunks. */
            TOO_LARGE,
            /** It cannot be read. */
            UNREADABLE
        }

        @Override
        public byte[] encode() {
            ObjectNode content = TaggedJson.object();
            content.put("index", index);
            content.put("why", why.name());
            content.put("reason", reason);
            return TaggedJson.variant("Unavailable", content);
        }
    }

    /**
     * A swarm source to a receiver, first and whenever it has more: the chunks of the file {@code fileHash} (of
     * {@code chunkCount} chunks) it can send; {@code held} null when it has them all. A source that downloads the
     * file itself also says which chunks it is getting from the origin right now ({@code coming}, empty otherwise):
     * the receiver then asks the origin for others, so that the origin sends each chunk as few times as it can. The
     * first one's response is a {@link Need} (empty if nothing is wanted yet) or a {@link Cancel}.
     */
    record Holding(String fileHash, int chunkCount, BitSet held, BitSet coming) implements WorkerMessage {
        public Holding {
            held = held == null ? null : (BitSet) held.clone();
            coming = coming == null ? new BitSet() : (BitSet) coming.clone();
        }

        public Holding(String fileHash, int chunkCount, BitSet held) {
            this(fileHash, chunkCount, held, null);
        }

        @Override
        public BitSet coming() {
            return (BitSet) coming.clone();
        }

        public boolean has(int chunk) {
            return chunk >= 0 && chunk < chunkCount && (held == null || held.get(chunk));
        }

        @Override
        public BitSet held() {
            return held == null ? null : (BitSet) held.clone();
        }

        @Override
        public byte[] encode() {
            ObjectNode content = TaggedJson.object();
            content.put("file_hash", fileHash);
            content.put("chunk_count", chunkCount);
            if (held != null) {
                content.put("held", Base64.getEncoder().encodeToString(held.toByteArray()));
            }
            if (!coming.isEmpty()) {
                content.put("coming", Base64.getEncoder().encodeToString(coming.toByteArray()));
            }
            return TaggedJson.variant("Holding", content);
        }

        static Holding decode(TaggedJson json) throws MalformedMessageException {
            String fileHash = json.text("file_hash");
            if (!TransferResponse.ListFiles.isVersion(fileHash)) {
                throw new MalformedMessageException("Holding.file_hash must be 64 hex digits");
            }
            long chunkCount = json.number("chunk_count");
            if (chunkCount < 1 || chunkCount > FileManifest.MAX_CHUNKS) {
                throw new MalformedMessageException("Holding.chunk_count must be 1 to " + FileManifest.MAX_CHUNKS);
            }
            return new Holding(fileHash, (int) chunkCount, bitsOf(json, "held", chunkCount), bitsOf(json, "coming", chunkCount));
        }

        /** The optional bit field {@code field}, at most {@code chunkCount} bits long; null when it is absent. */
        private static BitSet bitsOf(TaggedJson json, String field, long chunkCount) throws MalformedMessageException {
            JsonNode value = json.content().get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isTextual()) {
                throw new MalformedMessageException("Holding." + field + " must be a base64 bit field");
            }
            BitSet bits;
            try {
                bits = BitSet.valueOf(Base64.getDecoder().decode(value.asText()));
            } catch (IllegalArgumentException e) {
                throw new MalformedMessageException("Holding." + field + " is not base64");
            }
            if (bits.length() > chunkCount) {
                throw new MalformedMessageException("Holding." + field + " names chunks past the file's " + chunkCount);
            }
            return bits;
        }
    }

    /** Receiver to a swarm source: these chunks came from elsewhere; do not send them if not sent yet. */
    record Drop(List<ChunkRange> chunks) implements WorkerMessage {
        public Drop {
            chunks = List.copyOf(chunks);
        }

        @Override
        public byte[] encode() {
            return TaggedJson.variant("Drop", rangesJson(chunks));
        }
    }

    private static ObjectNode rangesJson(List<ChunkRange> chunks) {
        ObjectNode content = TaggedJson.object();
        putRanges(content, "chunks", chunks);
        return content;
    }

    private static void putRanges(ObjectNode content, String field, List<ChunkRange> chunks) {
        ArrayNode ranges = content.putArray(field);
        chunks.forEach(range -> ranges.addArray().add(range.from()).add(range.to()));
    }

    private static List<ChunkRange> rangesOf(TaggedJson json) throws MalformedMessageException {
        return rangesOf(json, "chunks");
    }

    private static List<ChunkRange> rangesOf(TaggedJson json, String field) throws MalformedMessageException {
        JsonNode ranges = json.content().path(field);
        if (!ranges.isArray()) {
            throw new MalformedMessageException(json.tag() + " needs an array '" + field + "' of [from, to] pairs");
        }
        List<ChunkRange> list = new ArrayList<>();
        for (JsonNode range : ranges) {
            if (!range.isArray() || range.size() != 2 || !range.get(0).canConvertToInt() || !range.get(1).canConvertToInt()) {
                throw new MalformedMessageException(json.tag() + "." + field + " holds something that is not a [from, to] pair");
            }
            try {
                list.add(new ChunkRange(range.get(0).asInt(), range.get(1).asInt()));
            } catch (IllegalArgumentException e) {
                throw new MalformedMessageException(e.getMessage());
            }
        }
        return list;
    }

    /** Receiver to sender: the file is complete and verified; the sender may exit. */
    record Done() implements WorkerMessage {
        @Override
        public byte[] encode() {
            return TaggedJson.unit("Done");
        }
    }

    /**
     * Either side: the transfer stops, for this reason. {@code byOwner} when that node's owner stopped it: the other
     * side does not try again.
     */
    record Cancel(String reason, boolean byOwner) implements WorkerMessage {
        public Cancel(String reason) {
            this(reason, false);
        }

        @Override
        public byte[] encode() {
            ObjectNode content = TaggedJson.object();
            content.put("reason", reason);
            if (byOwner) {
                content.put("by_owner", true);
            }
            return TaggedJson.variant("Cancel", content);
        }
    }

    static WorkerMessage decode(byte[] body) throws MalformedMessageException {
        return WholeReader.reads(body) ? WholeReader.read(body) : decodeTree(body);
    }

    /** Any worker message, read as a tree. */
    static WorkerMessage decodeTree(byte[] body) throws MalformedMessageException {
        TaggedJson json = TaggedJson.parse(body);
        return switch (json.tag()) {
            case "Manifest" -> Manifest.decode(json);
            case "Whole" -> new Whole(indexOf(json), manifestOf(json));
            case "Unavailable" -> new Unavailable(indexOf(json), whyOf(json), json.text("reason"));
            case "Need" -> new Need(rangesOf(json));
            case "Drop" -> new Drop(rangesOf(json));
            case "Holding" -> Holding.decode(json);
            case "Chunk" -> new Chunk(json.text("name"), json.number("offset"), json.number("length"));
            case "Done" -> new Done();
            case "Cancel" -> new Cancel(json.text("reason"), json.content().path("by_owner").asBoolean(false));
            default -> throw json.unknown("worker message", "Manifest, Holding, Need, Drop, Chunk, Whole, Unavailable, Done, Cancel");
        };
    }
}
