package dev.nectar.ft.api;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One-time codes for the web UI's login link: a code is good once, for ten minutes, and trades for the session
 * cookie. At most a handful are outstanding, so minting many only forgets the oldest.
 */
final class LoginLinks {
    private static final long LIFETIME_NANOS = 10L * 60 * 1_000_000_000L;
    private static final int MAX_OUTSTANDING = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Long> expiries = new LinkedHashMap<>();

    synchronized String mint() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        expiries.put(code, System.nanoTime() + LIFETIME_NANOS);
        Iterator<String> oldest = expiries.keySet().iterator();
        while (expiries.size() > MAX_OUTSTANDING) {
            oldest.next();
            oldest.remove();
        }
        return code;
    }

    /** True if {@code code} is outstanding and fresh; it is spent either way. */
    synchronized boolean redeem(String code) {
        Long expiry = code == null ? null : expiries.remove(code);
        return expiry != null && System.nanoTime() < expiry;
    }
}
