package dev.nectar.ft.wire;

import dev.nectar.ft.home.NodeConfig;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one line that opens a session connection to a relay, and the relay's one-line answer, before the bytes
 * of the two nodes' own TLS flow through it. Plain text: its first byte ('f') tells it from a TLS record
 * (0x16) on the relay's single port.
 *
 * <pre>
 * ftrelay2 join NODE_ID     a node asks to be joined to NODE_ID, registered with the relay
 * ftrelay2 accept KEY       the node invited with KEY answers
 * ok RELAY_NAME             to the joiner: joined; what follows is the other node's bytes
 * no REASON                 to the joiner: refused, and the connection closes
 * </pre>
 */
public sealed interface RelayLine {
    String MAGIC = "ftrelay" + WireFrame.PROTOCOL_VERSION;
    /** The first byte of every session connection's first line. */
    byte FIRST_BYTE = 'f';
    int MAX_LENGTH = 300;

    Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    record Join(String nodeId) implements RelayLine {}

    record Accept(String key) implements RelayLine {}

    record Joined(String relayName) implements RelayLine {}

    record Refused(String reason) implements RelayLine {}

    /** The line, newline included. */
    default String encode() {
        return switch (this) {
            case Join join -> MAGIC + " join " + join.nodeId() + "\n";
            case Accept accept -> MAGIC + " accept " + accept.key() + "\n";
            case Joined joined -> "ok " + joined.relayName() + "\n";
            case Refused refused -> "no " + refused.reason().replace('\n', ' ') + "\n";
        };
    }

    /** What a node sends first, from the line without its newline. */
    static RelayLine decodeRequest(String line) throws MalformedFrameException {
        Matcher request = Pattern.compile(Pattern.quote(MAGIC) + " (join|accept) (\\S+)").matcher(line);
        if (!request.matches()) {
            throw new MalformedFrameException("not a relay request: '" + printable(line) + "'");
        }
        String argument = request.group(2);
        if (!TOKEN.matcher(argument).matches()) {
            throw new MalformedFrameException("not a node id or session key: '" + printable(argument) + "'");
        }
        return request.group(1).equals("join") ? new Join(argument) : new Accept(argument);
    }

    /** The relay's answer to a join, from the line without its newline. */
    static RelayLine decodeAnswer(String line) throws MalformedFrameException {
        if (line.startsWith("ok ")) {
            String relayName = line.substring(3);
            if (!NodeConfig.isValidName(relayName)) {
                throw new MalformedFrameException("a relay answered with the name '" + printable(relayName) + "', which no node has");
            }
            return new Joined(relayName);
        }
        if (line.startsWith("no ")) {
            // The reason reaches the owner's terminal in an error.
            return new Refused(PrintableText.of(line.substring(3)));
        }
        throw new MalformedFrameException("not a relay answer: '" + printable(line) + "'");
    }

    private static String printable(String text) {
        String cut = text.length() > 60 ? text.substring(0, 60) + "…" : text;
        return PrintableText.of(cut);
    }
}
