package dev.nectar.ft.wire;

/**
 * Where a message goes: {@code NODE@PROCESS}. NODE is a peer name, a node id, or {@code our}; PROCESS is
 * {@code file_transfer} or a worker id. The seed's long form {@code bob.nec@file_transfer:file_transfer:template.nec}
 * is accepted and means the same as {@code bob.nec@file_transfer}.
 */
public record Address(String node, String process) {
    public static final String OUR = "our";
    public static final String MAIN_PROCESS = "file_transfer";

    public Address {
        if (!isName(node, 63, false)) {
            throw new IllegalArgumentException("'" + node + "' is not a node (a peer name, a node id, or 'our')");
        }
        if (!isName(process, 64, true)) {
            throw new IllegalArgumentException("'" + process + "' is not a process name");
        }
    }

    /**
     * Whether {@code name} is 1 to {@code longest} ASCII letters, digits, '.', '_' and '-', starting with a letter or
     * a digit (or '_' if {@code underscoreFirst}). Checked by hand, not by a regular expression: every message's
     * envelope makes two addresses, and a matcher each was some 1.7 KB of garbage per small file received.
     */
    private static boolean isName(String name, int longest, boolean underscoreFirst) {
        if (name == null || name.isEmpty() || name.length() > longest) {
            return false;
        }
        char first = name.charAt(0);
        if (!isLetterOrDigit(first) && !(underscoreFirst && first == '_')) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isLetterOrDigit(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
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
