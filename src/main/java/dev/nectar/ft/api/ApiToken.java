package dev.nectar.ft.api;

import dev.nectar.ft.home.AtomicFile;
import dev.nectar.ft.home.Home;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/** The bearer token that proves a local client may act as the node's owner; kept in the home with mode 0600. */
public record ApiToken(String value) {
    public static ApiToken load(Home home) throws IOException {
        String value = Files.readString(home.apiToken(), StandardCharsets.US_ASCII).strip();
        if (value.length() < 32) {
            throw new IOException(home.apiToken() + " holds no valid API token");
        }
        return new ApiToken(value);
    }

    /** Creates the token file unless it exists; an existing token is kept. */
    public static void createIfMissing(Home home) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try {
            AtomicFile.create(home.apiToken(), value.getBytes(StandardCharsets.US_ASCII), true);
        } catch (FileAlreadyExistsException kept) {
            // init run twice: the owner's existing token stays valid.
        }
    }

    /** Compares in constant time, so the token cannot be guessed byte by byte from response times. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.US_ASCII));
    }
}
