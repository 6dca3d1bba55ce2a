package dev.roster.bench.hook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook signature as a receiver checks it: {@code Roster-Signature: v1=<lowercase hex HMAC-SHA256 of
 * "<Roster-Timestamp>.<body>">} keyed with the shared secret. The bench's own copy, not the server's
 * {@code WebhookSignature}: the generator talks to Roster only through its public contract, so it checks the
 * signature the way any integration would, and its cost lands in the measured delivery time.
 */
public final class HookSignature {
    private static final String ALGORITHM = "HmacSHA256";
    private static final String VERSION = "v1=";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private HookSignature() {
    }

    /** The {@code Roster-Signature} value for {@code body} sent at {@code timestamp} (epoch seconds). */
    public static String sign(byte[] secret, long timestamp, byte[] body) {
        return VERSION + hex(mac(secret, Long.toString(timestamp), body));
    }

    /**
     * Whether the headers vouch for {@code body}: the timestamp is a number within {@code toleranceSeconds} of
     * {@code nowSeconds} (a replayed old request fails) and one of the header's comma-separated {@code v1=}
     * signatures matches, compared in constant time.
     */
    public static boolean verify(byte[] secret, String timestampHeader, String signatureHeader, byte[] body,
                                 long nowSeconds, long toleranceSeconds) {
        if (timestampHeader == null || signatureHeader == null) {
            return false;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
            return false;
        }
        byte[] expected = hex(mac(secret, timestampHeader.trim(), body)).getBytes(StandardCharsets.US_ASCII);
        boolean matched = false;
        for (String part : signatureHeader.split(",")) {
            String candidate = part.trim();
            if (candidate.startsWith(VERSION)) {
                byte[] given = candidate.substring(VERSION.length()).getBytes(StandardCharsets.US_ASCII);
                // no early exit: every candidate is compared in full, whatever matched before
                matched |= MessageDigest.isEqual(expected, given);
            }
        }
        return matched;
    }

    private static byte[] mac(byte[] secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }
}
