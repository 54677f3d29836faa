package dev.nectar.ft.wire;

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
     * {@code name} to the receiving worker at {@code target}.
     */
    record Download(String name, Address target) implements TransferRequest {
        @Override
        public byte[] encode() {
            ObjectNode content = TaggedJson.object();
            content.put("name", name);
            content.put("target", target.toString());
            return TaggedJson.variant("Download", content);
        }
    }

    /** A receiving worker's report to its main process: percent done. */
    record Progress(String name, long progress) implements TransferRequest {
        @Override
        public byte[] encode() {
            ObjectNode content = TaggedJson.object();
            content.put("name", name);
            content.put("progress", progress);
            return TaggedJson.variant("Progress", content);
        }
    }

    static TransferRequest decode(byte[] body) throws MalformedMessageException {
        TaggedJson json = TaggedJson.parse(body);
        return switch (json.tag()) {
            case "ListFiles" -> new ListFiles();
            case "Download" -> {
                try {
                    yield new Download(json.text("name"), Address.parse(json.text("target")));
                } catch (IllegalArgumentException e) {
                    throw new MalformedMessageException("Download.target: " + e.getMessage());
                }
            }
            case "Progress" -> new Progress(json.text("name"), json.number("progress"));
            default -> throw json.unknown("request", "ListFiles, Download, Progress");
        };
    }
}
