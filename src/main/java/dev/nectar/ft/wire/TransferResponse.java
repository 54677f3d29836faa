package dev.nectar.ft.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Responses from a node's main process, in the seed's JSON shapes, plus {@link ErrorReply}. */
public sealed interface TransferResponse permits TransferResponse.ListFiles, TransferResponse.ListingUnchanged, TransferResponse.Download,
        TransferResponse.Downloads, ErrorReply {
    byte[] encode();

    /** {@code {"ListFiles":[{"name":"music/a.mp3","size":123}, ...]}}, names relative to the drive. */
    record ListFiles(List<FileInfo> files) implements TransferResponse {
        public ListFiles {
            files = List.copyOf(files);
        }

        @Override
        public byte[] encode() {
            return TaggedJson.variant("ListFiles", FileInfo.toJson(files));
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
        TaggedJson json = TaggedJson.parse(body);
        return switch (json.tag()) {
            case "ListFiles" -> {
                if (!json.content().isArray()) {
                    throw new MalformedMessageException("ListFiles must hold an array");
                }
                yield new ListFiles(FileInfo.fromJson(json.content(), "ListFiles entry"));
            }
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
