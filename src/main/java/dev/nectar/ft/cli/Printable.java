package dev.nectar.ft.cli;

/**
 * Text that came from elsewhere (a peer's file names, its refusals, an error's message) made safe to print on a
 * terminal: a control character could move the cursor, clear the screen, retitle the window or hide what follows,
 * and a bidirectional override could show a name other than the one it is. Each is shown as an escape instead.
 */
final class Printable {
    private Printable() {}

    static String of(String text) {
        if (text == null) {
            return null;
        }
        int first = 0;
        while (first < text.length() && !unsafe(text.charAt(first))) {
            first++;
        }
        if (first == text.length()) {
            return text;
        }
        StringBuilder printable = new StringBuilder(text.length() + 8).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> printable.append("\\n");
                case '\r' -> printable.append("\\r");
                case '\t' -> printable.append("\\t");
                default -> {
                    if (unsafe(c)) {
                        printable.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
                    } else {
                        printable.append(c);
                    }
                }
            }
        }
        return printable.toString();
    }

    private static boolean unsafe(char c) {
        return Character.isISOControl(c) || c >= '\u202a' && c <= '\u202e' || c >= '\u2066' && c <= '\u2069'
                || c == '\u200e' || c == '\u200f' || c == '\u061c';
    }
}
