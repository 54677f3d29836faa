package dev.nectar.ft.wire;

import java.util.regex.Pattern;

/**
 * Text from another node or a relay made fit for the owner's terminal, where it ends up in errors and log lines: each
 * control character (C0 and C1, escape included) becomes '?', so that none can rewrite the screen.
 */
final class PrintableText {
    private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");

    private PrintableText() {}

    static String of(String text) {
        return CONTROL.matcher(text).replaceAll("?");
    }
}
