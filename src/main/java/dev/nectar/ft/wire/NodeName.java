package dev.nectar.ft.wire;

import java.util.regex.Pattern;

/**
 * The form of a node's name as other nodes hear it (in an announcement, or a relay's answer): what {@code ft init}
 * accepts for a name. A name outside it is not one a node gives itself, and is refused before anybody prints it.
 */
final class NodeName {
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private NodeName() {}

    static boolean isValid(String name) {
        return FORM.matcher(name).matches();
    }
}
