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
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Responses from a node's main process, in the seed's JSON shapes, plus {@link ErrorReply}. */
public sealed interface TransferResponse permits TransferResponse.ListFiles, TransferResponse.ListingUnchanged, TransferResponse.Download,
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
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JsonGenerator json = TaggedJson.MAPPER.createGenerator(out)) {
                json.writeStartObject();
                json.writeArrayFieldStart(TAG);
                for (FileInfo file : files) {
                    file.writeTo(json);
                    if (out.size() > maxBytes) {
                        return Optional.empty();
                    }
                }
                json.writeEndArray();
                json.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException("writing JSON to memory cannot fail", e);
            }
            return out.size() > maxBytes ? Optional.empty() : Optional.of(out.toByteArray());
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
            default -> throw json.unknown("response", "ListFiles, ListingUnchanged, Download, Downloads, Error");
        };
    }
}
