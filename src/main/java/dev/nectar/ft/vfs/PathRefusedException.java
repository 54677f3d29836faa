package dev.nectar.ft.vfs;

/** A name that does not denote a place inside the drive; the message says why, in one line. */
public final class PathRefusedException extends Exception {
    public PathRefusedException(String name, String reason) {
        super("refused path '" + printable(name) + "': " + reason);
    }

    private static String printable(String name) {
        if (name == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        name.codePoints().limit(200).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
