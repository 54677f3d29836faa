package dev.nectar.ft.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Responses from a node's main process, in the seed's JSON shapes, plus {@link ErrorReply}. */
public sealed interface TransferResponse permits TransferResponse.ListFiles, TransferResponse.ListPage, TransferResponse.ListingUnchanged, TransferResponse.Download,
        TransferResponse.Downloads, ErrorReply {
    byte[] encode();

    /** {@code {"ListFiles":[{"name":"music/a.mp3","size":123}, ...]}}, names relative to the drive. */
    record ListFiles(List<FileInfo> files) implements TransferResponse {
        private static final String TAG = "ListFiles";

        public ListFiles {
            files = List.copyOf(files);
        }

        @Override
        public byte[] encode() {
            return encode(files, Integer.MAX_VALUE).orElseThrow();
        }

        /**
         * The encoded listing, or empty once it passes {@code maxBytes}: written entry by entry, never as a tree,
         * so that a drive of 100,000 files costs its bytes and not ten times as much in JSON nodes.
         */
        public static Optional<byte[]> encode(List<FileInfo> files, int maxBytes) {
            Writer writer = new Writer(maxBytes);
            files.forEach(writer::entry);
            return Optional.ofNullable(writer.finish().bytes());
        }

        /** A listing written out: its version, and its bytes unless they passed the most the writer was to keep. */
        public record Encoded(String version, byte[] bytes) {}

        /**
         * Writes a listing entry by entry, hashing it as it goes: a drive too large for one message still gets the
         * version its one message would have, and only the bytes of one that fits are kept.
         */
        public static final class Writer {
            private final MessageDigest digest = FileManifest.sha256();
            private final int maxBytes;
            private ByteArrayOutputStream kept = new ByteArrayOutputStream();
            private final JsonGenerator json;

            public Writer(int maxBytes) {
                this.maxBytes = maxBytes;
                OutputStream out = new OutputStream() {
                    @Override
                    public void write(int b) {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] bytes, int offset, int length) {
                        digest.update(bytes, offset, length);
                        if (kept != null && kept.size() + length <= Writer.this.maxBytes) {
                            kept.write(bytes, offset, length);
                        } else {
                            kept = null;
                        }
                    }
                };
                json = TaggedJson.generatorTo(out);
                TaggedJson.inMemory(() -> {
                    json.writeStartObject();
                    json.writeArrayFieldStart(TAG);
                });
            }

            /** A file whose name is the UTF-8 bytes {@code utf8[offset, offset + length)}. */
            public void file(byte[] utf8, int offset, int length, long size) {
                TaggedJson.inMemory(() -> FileInfo.write(json, utf8, offset, length, size));
            }

            void entry(FileInfo file) {
                TaggedJson.inMemory(() -> file.writeTo(json));
            }

            public Encoded finish() {
                TaggedJson.inMemory(() -> {
                    json.writeEndArray();
                    json.writeEndObject();
                    json.close();
                });
                return new Encoded(FileManifest.hex(digest.digest()), kept == null ? null : kept.toByteArray());
            }
        }

        /** The listing in {@code body} if it is one, read entry by entry; empty if the body is another message. */
        static Optional<ListFiles> decodeIfListing(byte[] body) throws MalformedMessageException {
            try (JsonParser json = TaggedJson.MAPPER.createParser(body)) {
                if (json.nextToken() != JsonToken.START_OBJECT || json.nextToken() != JsonToken.FIELD_NAME
                        || !json.currentName().equals(TAG) || json.nextToken() != JsonToken.START_ARRAY) {
                    return Optional.empty();
                }
                ListFiles listing = new ListFiles(FileInfo.readArray(json, "ListFiles entry"));
                if (json.nextToken() != JsonToken.END_OBJECT || json.nextToken() != null) {
                    throw new MalformedMessageException("expected a message like \"ListFiles\" or {\"Name\":{...}}, got more after the listing");
                }
                return Optional.of(listing);
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        /** The version of an encoded listing: the SHA-256 of its bytes, which both nodes compute alike. */
        public static String versionOf(byte[] encoded) {
            return FileManifest.hex(FileManifest.sha256().digest(encoded));
        }

        static boolean isVersion(String text) {
            return text.length() == 64 && text.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
        }
    }

    /**
     * One page of a listing too large for one message, or of a folder: {@code {"ListPage":{"version":..,"entries":[..],
     * "next":N}}}. The entries are files ({@link FileInfo}) and, in a listing of one level, folders ({@link FolderInfo}),
     * sorted by name; {@code next}, on every page but the last, is where the next page starts in this version.
     */
    record ListPage(String version, List<ListEntry> entries, int next) implements TransferResponse {
        static final String TAG = "ListPage";
        /** The {@code next} of the last page. */
        public static final int END = -1;

        public ListPage {
            entries = List.copyOf(entries);
            if (!ListFiles.isVersion(version) || next < END) {
                throw new IllegalArgumentException("a page needs a version and a next entry >= 0 or END");
            }
        }

        public boolean last() {
            return next == END;
        }

        @Override
        public byte[] encode() {
            Writer writer = new Writer(version);
            for (ListEntry entry : entries) {
                writer.entry(entry);
            }
            return writer.finish(next);
        }

        /** Writes a page entry by entry, so that its sender can stop when the page is full. */
        public static final class Writer {
            private final ByteArrayOutputStream out = new ByteArrayOutputStream();
            private final JsonGenerator json;

            public Writer(String version) {
                json = TaggedJson.generatorTo(out);
                TaggedJson.inMemory(() -> {
                    json.writeStartObject();
                    json.writeObjectFieldStart(TAG);
                    json.writeStringField("version", version);
                    json.writeArrayFieldStart("entries");
                });
            }

            /** A file whose name is the UTF-8 bytes {@code utf8[offset, offset + length)}. */
            public void file(byte[] utf8, int offset, int length, long size) {
                TaggedJson.inMemory(() -> FileInfo.write(json, utf8, offset, length, size));
            }

            public void entry(ListEntry entry) {
                TaggedJson.inMemory(() -> entry.writeTo(json));
            }

            /** The bytes written so far. */
            public int size() {
                return out.size() + json.getOutputBuffered();
            }

            public byte[] finish(int next) {
                TaggedJson.inMemory(() -> {
                    json.writeEndArray();
                    json.writeNumberField("next", next);
                    json.writeEndObject();
                    json.writeEndObject();
                    json.close();
                });
                return out.toByteArray();
            }
        }

        /** The page in {@code body} if it is one, read entry by entry; empty if the body is another message. */
        static Optional<ListPage> decodeIfPage(byte[] body) throws MalformedMessageException {
            try (JsonParser json = TaggedJson.MAPPER.createParser(body)) {
                if (json.nextToken() != JsonToken.START_OBJECT || json.nextToken() != JsonToken.FIELD_NAME
                        || !json.currentName().equals(TAG) || json.nextToken() != JsonToken.START_OBJECT) {
                    return Optional.empty();
                }
                String version = null;
                List<ListEntry> entries = null;
                long next = Long.MIN_VALUE;
                while (json.nextToken() == JsonToken.FIELD_NAME) {
                    String field = json.currentName();
                    JsonToken value = json.nextToken();
                    switch (field) {
                        case "version" -> version = value == JsonToken.VALUE_STRING ? json.getText() : null;
                        case "next" -> next = value == JsonToken.VALUE_NUMBER_INT && json.getNumberType() == JsonParser.NumberType.INT
                                ? json.getIntValue() : Long.MIN_VALUE;
                        case "entries" -> {
                            if (value != JsonToken.START_ARRAY) {
                                throw new MalformedMessageException("ListPage.entries must be an array");
                            }
                            entries = new ArrayList<>();
                            for (JsonToken token = json.nextToken(); token != JsonToken.END_ARRAY; token = json.nextToken()) {
                                entries.add(FileInfo.readEntry(json, token, "ListPage entry", true));
                            }
                        }
                        default -> json.skipChildren();
                    }
                }
                if (version == null || !ListFiles.isVersion(version)) {
                    throw new MalformedMessageException("ListPage.version must be 64 hex digits");
                }
                if (entries == null) {
                    throw new MalformedMessageException("ListPage needs an array 'entries'");
                }
                if (next < END) {
                    throw new MalformedMessageException("ListPage.next must be an entry number >= 0, or -1 on the last page");
                }
                if (json.nextToken() != JsonToken.END_OBJECT || json.nextToken() != null) {
                    throw new MalformedMessageException("expected one ListPage, got more after it");
                }
                return Optional.of(new ListPage(version, entries, (int) next));
            } catch (IOException e) {
                throw new MalformedMessageException("ListPage is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
    }

    /** The answer to a {@code ListFiles} whose {@code unless} names the listing the drive still has. */
    record ListingUnchanged() implements TransferResponse {
        @Override
        public byte[] encode() {
            return TaggedJson.unit("ListingUnchanged");
        }
    }

    /** The seed's answer to a {@code Download}: the worker that carries out the transfer on the answering node. */
    record Download(String name, Address worker) implements TransferResponse {
        @Override
        public byte[] encode() {
            ObjectNode content = TaggedJson.object();
            content.put("name", name);
            content.put("worker", worker.toString());
            return TaggedJson.variant("Download", content);
        }
    }

    /** The answer to a {@code DownloadMany}: the transfers started, one per file, in the order asked. */
    record Downloads(List<Address> workers) implements TransferResponse {
        public Downloads {
            workers = List.copyOf(workers);
        }

        @Override
        public byte[] encode() {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            workers.forEach(worker -> array.add(worker.toString()));
            return TaggedJson.variant("Downloads", array);
        }
    }

    static TransferResponse decode(byte[] body) throws MalformedMessageException {
        Optional<ListFiles> listing = ListFiles.decodeIfListing(body);
        if (listing.isPresent()) {
            return listing.get();
        }
        Optional<ListPage> page = ListPage.decodeIfPage(body);
        if (page.isPresent()) {
            return page.get();
        }
        TaggedJson json = TaggedJson.parse(body);
        return switch (json.tag()) {
            // A listing's array was read entry by entry above: here it holds something else.
            case "ListFiles" -> throw new MalformedMessageException("ListFiles must hold an array");
            case "ListingUnchanged" -> new ListingUnchanged();
            case "Download" -> {
                try {
                    yield new Download(json.text("name"), Address.parse(json.text("worker")));
                } catch (IllegalArgumentException e) {
                    throw new MalformedMessageException("Download.worker: " + e.getMessage());
                }
            }
            case "Downloads" -> {
                if (!json.content().isArray()) {
                    throw new MalformedMessageException("Downloads must hold an array");
                }
                List<Address> workers = new ArrayList<>();
                for (JsonNode worker : json.content()) {
                    try {
                        workers.add(Address.parse(worker.asText()));
                    } catch (IllegalArgumentException e) {
                        throw new MalformedMessageException("Downloads: " + e.getMessage());
                    }
                }
                yield new Downloads(workers);
            }
            case ErrorReply.TAG -> ErrorReply.from(json);
            default -> throw json.unknown("response", "ListFiles, ListPage, ListingUnchanged, Download, Downloads, Error");
        };
    }
}
