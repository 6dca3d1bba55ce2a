package dev.roster.adapters.memory;

import dev.roster.application.port.out.PresenceDirectory.BadCursorException;
import dev.roster.domain.DomainException;
import dev.roster.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Cursors of the online index: the last user id of a page with a keyed tag, both URL-safe Base64, joined by a
 * dot. The tag is an HMAC under a key drawn when the store is built, so a cursor another store handed out, or one
 * edited by hand, is refused instead of silently skipping users.
 */
final class OnlineCursors {
    private static final String ALGORITHM = "HmacSHA256";
    private static final int TAG_BYTES = 12;
    // a user id is at most 64 characters: its Base64, a dot and the tag stay well under this
    private static final int MAX_LENGTH = 128;
    private static final int SHOWN = 64;

    private final SecretKeySpec key;

    OnlineCursors(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        this.key = new SecretKeySpec(bytes, ALGORITHM);
    }

    String encode(UserId last) {
        byte[] id = last.value().getBytes(StandardCharsets.UTF_8);
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString(id) + "." + base64.encodeToString(tag(id));
    }

    /** The user id the cursor stands for; {@link BadCursorException} for anything this store did not hand out. */
    UserId decode(String cursor) {
        if (cursor.length() > MAX_LENGTH) {
            throw bad(cursor);
        }
        int dot = cursor.indexOf('.');
        if (dot < 1) {
            throw bad(cursor);
        }
        try {
            Base64.Decoder base64 = Base64.getUrlDecoder();
            byte[] id = base64.decode(cursor.substring(0, dot));
            byte[] tag = base64.decode(cursor.substring(dot + 1));
            if (!MessageDigest.isEqual(tag, tag(id))) {
                throw bad(cursor);
            }
            return UserId.of(new String(id, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | DomainException e) {
            throw bad(cursor);
        }
    }

    private byte[] tag(byte[] id) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return Arrays.copyOf(mac.doFinal(id), TAG_BYTES);
        } catch (GeneralSecurityException e) {
            // every Java platform must provide HmacSHA256, so this is a broken runtime, not bad input
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }

    // the exception repeats the cursor in its message, which must stay short whatever a client sent
    private static BadCursorException bad(String cursor) {
        return new BadCursorException(cursor.length() > SHOWN ? cursor.substring(0, SHOWN) + "..." : cursor);
    }
}
