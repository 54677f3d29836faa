package dev.nectar.ft.identity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bouncycastle.util.encoders.Base32;

/**
 * A node's identity: base32 (RFC 4648, lower case, no padding) of SHA-256 of its public key in DER
 * SubjectPublicKeyInfo form. Proven at every TLS handshake by the key that signs it.
 */
public record NodeId(String value) {
    public static final int LENGTH = 52;
    private static final Pattern FORM = Pattern.compile("[a-z2-7]{" + LENGTH + "}");

    public NodeId {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a node id (52 characters of a-z and 2-7)");
        }
    }

    public static NodeId of(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return new NodeId(Base32.toBase32String(digest).replace("=", "").toLowerCase(Locale.ROOT));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    public static boolean looksLikeNodeId(String text) {
        return text != null && FORM.matcher(text).matches();
    }

    /** The first 8 characters, as shown to people. */
    public String shortForm() {
        return value.substring(0, 8);
    }

    @Override
    public String toString() {
        return value;
    }
}
