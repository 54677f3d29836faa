package dev.nectar.ft.wire;

import java.util.regex.Pattern;

/**
 * Where a message goes: {@code NODE@PROCESS}. NODE is a peer name, a node id, or {@code our}; PROCESS is
 * {@code file_transfer} or a worker id. The seed's long form {@code bob.nec@file_transfer:file_transfer:template.nec}
 * is accepted and means the same as {@code bob.nec@file_transfer}.
 */
public record Address(String node, String process) {
    public static final String OUR = "our";
    public static final String MAIN_PROCESS = "file_transfer";
    private static final Pattern NODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern PROCESS = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

    public Address {
        if (node == null || !NODE.matcher(node).matches()) {
            throw new IllegalArgumentException("'" + node + "' is not a node (a peer name, a node id, or 'our')");
        }
        if (process == null || !PROCESS.matcher(process).matches()) {
            throw new IllegalArgumentException("'" + process + "' is not a process name");
        }
    }

    public static Address parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no address given");
        }
        int at = text.indexOf('@');
        if (at <= 0 || at == text.length() - 1 || text.indexOf('@', at + 1) >= 0) {
            throw new IllegalArgumentException("'" + text + "' is not an address: write NODE@PROCESS, like bob@file_transfer");
        }
        String process = text.substring(at + 1);
        int colon = process.indexOf(':');
        if (colon >= 0) {
            // The seed's process ids are name:package:publisher; a node here runs one package, so the name decides.
            process = process.substring(0, colon);
        }
        return new Address(text.substring(0, at), process);
    }

    public boolean isOur() {
        return node.equals(OUR);
    }

    public Address withNode(String otherNode) {
        return new Address(otherNode, process);
    }

    @Override
    public String toString() {
        return node + "@" + process;
    }
}
