package dev.roster.adapters.javalin.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The bearer token that guards the HTTP API. Compared in constant time over SHA-256 digests, so that neither the
 * content nor the length of the token leaks through timing.
 */
public final class AdminToken {
    private static final String BEARER = "bearer ";
    /** Never used itself, only cloned: a digest holds state while it hashes, and requests hash at once. */
    private static final MessageDigest SHA_256 = sha256();
    private final byte[] expected;

    public AdminToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("an admin token is required");
        }
        this.expected = digest(token);
    }

    /** Whether an {@code Authorization} header value carries the token as {@code Bearer <token>}. */
    public boolean accepts(String authorization) {
        if (authorization == null || authorization.length() < BEARER.length()
                || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return false;
        }
        return matches(authorization.substring(BEARER.length()).trim());
    }

    /** Whether {@code offered} is the token itself (as typed into the dashboard's sign-in form). */
    public boolean matches(String offered) {
        return offered != null && MessageDigest.isEqual(expected, digest(offered));
    }

    /**
     * A fresh SHA-256 digest for each value, cloned from one made once: looking the algorithm up among the security
     * providers, as {@link MessageDigest#getInstance} does each time, cost more than hashing a token, on every request
     * of the API.
     */
    private static byte[] digest(String value) {
        return fresh().digest(value.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest fresh() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            return sha256();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
