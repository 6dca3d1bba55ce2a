package dev.roster.adapters.javalin.admin;

import dev.roster.adapters.javalin.auth.AdminToken;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The operators' sign-in: the admin token is exchanged for a signed session cookie, and every state-changing
 * request carries a CSRF token derived from that cookie. Both are HMACs keyed by the admin token, so any node of
 * the cluster with the same token accepts them and nothing needs storing; the cookie carries its expiry.
 */
public final class AdminAuth {
    public static final String COOKIE = "roster_admin";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    static final long SESSION_MILLIS = 12L * 60 * 60 * 1000;

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final AdminToken token;
    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public AdminAuth(String adminToken) {
        this.token = new AdminToken(adminToken);
        this.key = new SecretKeySpec(sha256("roster-admin-cookie:" + adminToken), "HmacSHA256");
    }

    /** Whether an {@code Authorization} header carries the admin token as a bearer token. */
    public boolean bearerAccepted(String authorization) {
        return token.accepts(authorization);
    }

    /** Constant-time check of the admin token typed into the sign-in form. */
    public boolean tokenMatches(String offered) {
        return token.matches(offered);
    }

    /** A new session cookie value, valid for {@link #SESSION_MILLIS} from {@code nowMillis}. */
    public String issue(long nowMillis) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        String body = (nowMillis + SESSION_MILLIS) + "." + B64.encodeToString(nonce);
        return body + "." + sign("session|" + body);
    }

    /** Whether a cookie value was issued by a node with this admin token and has not expired. */
    public boolean valid(String cookie, long nowMillis) {
        if (cookie == null) {
            return false;
        }
        int last = cookie.lastIndexOf('.');
        int first = cookie.indexOf('.');
        if (first <= 0 || last <= first) {
            return false;
        }
        String body = cookie.substring(0, last);
        if (!equal(sign("session|" + body), cookie.substring(last + 1))) {
            return false;
        }
        try {
            return Long.parseLong(cookie.substring(0, first)) > nowMillis;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public String csrfFor(String cookie) {
        return sign("csrf|" + cookie);
    }

    public boolean csrfValid(String cookie, String offered) {
        return cookie != null && offered != null && equal(csrfFor(cookie), offered);
    }

    private String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return B64.encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static boolean equal(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
