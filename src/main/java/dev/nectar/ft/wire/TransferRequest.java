package dev.nectar.ft.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Requests to a node's main process {@code file_transfer}, in the seed's JSON shapes. */
public sealed interface TransferRequest {
    byte[] encode();

    /** What files does your public drive hold? */
    record ListFiles() implements TransferRequest {
        @Override
        public byte[] encode() {
            return TaggedJson.unit("ListFiles");
        }
    }

    /**
     * From a local client: fetch {@code name} from the main process at {@code target}. Between nodes: send
     * {@code name} to the receiving worker at {@code target}. The optional {@code to} (a local folder) and
     * {@code overwrite} only mean something to the downloading node's own main process.
     */
    record Download(String name, Address target, String to, boolean overwrite) implements TransferRequest {
        public Download(String name, Address target) {
            this(name, target, null, false);
        }

        @Override
        public byte[] encode() {
            ObjectNode content = TaggedJson.object();
            content.put("name", name);
            content.put("target", target.toString());
            if (to != null) {
                content.put("to", to);
            }
            if (overwrite) {
                content.put("overwrite", true);
            }
            return TaggedJson.variant("Download", content);
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

    private static byte[] idVariant(String tag, String id) {
        ObjectNode content = TaggedJson.object();
        content.put("id", id);
        return TaggedJson.variant(tag, content);
    }

    static TransferRequest decode(byte[] body) throws MalformedMessageException {
        TaggedJson json = TaggedJson.parse(body);
        return switch (json.tag()) {
            case "ListFiles" -> new ListFiles();
            case "Download" -> {
                Address target;
                try {
                    target = Address.parse(json.text("target"));
                } catch (IllegalArgumentException e) {
                    throw new MalformedMessageException("Download.target: " + e.getMessage());
                }
                JsonNode to = json.content().get("to");
                if (to != null && !to.isTextual()) {
                    throw new MalformedMessageException("Download.to must be a folder path");
                }
                yield new Download(json.text("name"), target, to == null ? null : to.asText(),
                        json.content().path("overwrite").asBoolean(false));
            }
            case "Progress" -> {
                JsonNode status = json.content().get("status");
                TransferStatus decoded = null;
                if (status != null) {
                    try {
                        decoded = TaggedJson.MAPPER.treeToValue(status, TransferStatus.class);
                    } catch (java.io.IOException | IllegalArgumentException e) {
                        throw new MalformedMessageException("Progress.status is malformed");
                    }
                }
                yield new Progress(json.text("name"), json.number("progress"), decoded);
            }
            case "CancelTransfer" -> new CancelTransfer(json.text("id"));
            case "PauseTransfer" -> new PauseTransfer(json.text("id"));
            case "ResumeTransfer" -> new ResumeTransfer(json.text("id"));
            case "RetryTransfer" -> new RetryTransfer(json.text("id"));
            default -> throw json.unknown("request", "ListFiles, Download, Progress, CancelTransfer, PauseTransfer, ResumeTransfer, RetryTransfer");
        };
    }
}
