package dev.nectar.ft.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** What the kernel tells a process that asked to watch a node: {@code {"LinkDown":{"node":NODE_ID}}}. */
public record KernelNotice(String node) {
    public static final String PROCESS = "kernel";
    private static final String TAG = "LinkDown";

    public byte[] encode() {
        ObjectNode content = TaggedJson.object();
        content.put("node", node);
        return TaggedJson.variant(TAG, content);
    }

    /** The notice a body carries, if it is one. */
    public static Optional<KernelNotice> in(byte[] body) {
        try {
            TaggedJson json = TaggedJson.parse(body);
            return json.tag().equals(TAG) ? Optional.of(new KernelNotice(json.text("node"))) : Optional.empty();
        } catch (MalformedMessageException e) {
            return Optional.empty();
        }
    }
}
