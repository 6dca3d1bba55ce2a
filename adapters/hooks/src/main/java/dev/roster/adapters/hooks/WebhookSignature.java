package dev.roster.adapters.hooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Roster-Signature} of a webhook delivery: {@code v1=<lowercase hex HMAC-SHA256>} over
 * {@code "<timestamp>.<body>"}, keyed with the secret's bytes, where the timestamp is the {@code Roster-Timestamp}
 * header (epoch seconds) and the body the exact bytes POSTed. Signing the timestamp with the body lets a receiver
 * refuse an old delivery replayed by whoever captured it, which a signature of the body alone could not.
 *
 * <p>A receiver written in Java may use {@link #verify} as it is; one written in another language does the same
 * few steps (see the docs' receiver example).
 */
public final class WebhookSignature {
    /** The scheme's prefix in the header; a later scheme would be sent beside it, comma-separated. */
    public static final String SCHEME = "v1=";
    private static final String ALGORITHM = "HmacSHA256";

    private WebhookSignature() {
    }

    /** The {@code Roster-Signature} header value of {@code body} sent at {@code timestamp} (epoch seconds). */
    public static String sign(byte[] secret, long timestamp, byte[] body) {
        return SCHEME + HexFormat.of().formatHex(mac(secret, timestamp, body));
    }

    /**
     * Whether a delivery is authentic and recent: the signature header holds a {@code v1=} signature of this body at
     * this timestamp under {@code secret}, and the timestamp is within {@code tolerance} of {@code now} (either way,
     * so that clocks a little apart do not refuse every delivery). The signatures are compared in constant time.
     * Any header missing or malformed is simply not authentic.
     */
    public static boolean verify(byte[] secret, String timestampHeader, String signatureHeader, byte[] body,
                                 Instant now, Duration tolerance) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(tolerance, "tolerance");
        if (timestampHeader == null || signatureHeader == null) {
            return false;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.strip());
        } catch (NumberFormatException e) {
            return false;
        }
        if (!within(now.getEpochSecond(), timestamp, tolerance.toSeconds())) {
            return false;
        }
        byte[] expected = mac(secret, timestamp, body);
        boolean match = false;
        for (String part : signatureHeader.split(",")) {
            String candidate = part.strip();
            if (!candidate.startsWith(SCHEME)) {
                continue;
            }
            byte[] given;
            try {
                given = HexFormat.of().parseHex(candidate.substring(SCHEME.length()));
            } catch (IllegalArgumentException e) {
                continue;
            }
            // every candidate is compared, and in constant time, so the timing tells nothing of the expected one
            match |= MessageDigest.isEqual(expected, given);
        }
        return match;
    }

    private static boolean within(long now, long timestamp, long tolerance) {
        try {
            return Math.absExact(Math.subtractExact(now, timestamp)) <= tolerance;
        } catch (ArithmeticException e) {
            // a timestamp so far off that the difference overflows is far outside any window
            return false;
        }
    }

    private static byte[] mac(byte[] secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            // every Java runtime has HmacSHA256, and any non-empty key is valid for it
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
