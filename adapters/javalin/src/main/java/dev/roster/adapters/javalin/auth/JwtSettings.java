package dev.roster.adapters.javalin.auth;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How tokens are checked under {@code jwt}: the one key they are signed with, and the claims they must carry.
 *
 * @param key      the key source, which also fixes the one algorithm a token may be signed with
 * @param issuer   when not null, a token's {@code iss} must equal it
 * @param audience when not null, a token's {@code aud} (a string or an array) must contain it
 * @param leeway   how far the clocks of the issuer and of this node may disagree, for {@code exp} and {@code nbf}
 */
public record JwtSettings(Key key, String issuer, String audience, Duration leeway) {
    /** The leeway when none is configured. */
    public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(5);

    public JwtSettings {
        Objects.requireNonNull(key, "key");
        checkOptional(issuer, "issuer");
        checkOptional(audience, "audience");
        Objects.requireNonNull(leeway, "leeway");
        if (leeway.isNegative()) {
            throw new IllegalArgumentException("the JWT leeway must not be negative, got " + leeway.toSeconds() + " s");
        }
    }

    /** Tokens signed with {@code key}, no issuer or audience required, the default leeway. */
    public static JwtSettings of(Key key) {
        return new JwtSettings(key, null, null, DEFAULT_LEEWAY);
    }

    /** Tokens signed with HS256 and {@code secret} (at least 32 bytes). */
    public static JwtSettings hs256(String secret) {
        return of(new Secret(secret));
    }

    /** Tokens signed with the private half of a PEM public key: RS256 for RSA, ES256 for EC P-256. */
    public static JwtSettings publicKey(String pem) {
        return of(Pem.parse(pem));
    }

    /** Tokens signed with a key of the JWKS at {@code url}, chosen by {@code kid}, with the default timings. */
    public static JwtSettings jwks(String url) {
        return of(Jwks.at(url));
    }

    /**
     * The key from the three settings of which exactly one must be given (the others null): an HS256 secret, a PEM
     * public key, or a JWKS URL.
     */
    public static Key oneKey(String secret, String publicKeyPem, String jwksUrl) {
        int given = (secret != null ? 1 : 0) + (publicKeyPem != null ? 1 : 0) + (jwksUrl != null ? 1 : 0);
        if (given != 1) {
            throw new IllegalArgumentException("exactly one JWT key is needed (an HS256 secret, a PEM public key or "
                    + "a JWKS URL), got " + given);
        }
        if (secret != null) {
            return new Secret(secret);
        }
        return publicKeyPem != null ? Pem.parse(publicKeyPem) : Jwks.at(jwksUrl);
    }

    public JwtSettings withIssuer(String issuer) {
        return new JwtSettings(key, issuer, audience, leeway);
    }

    public JwtSettings withAudience(String audience) {
        return new JwtSettings(key, issuer, audience, leeway);
    }

    public JwtSettings withLeeway(Duration leeway) {
        return new JwtSettings(key, issuer, audience, leeway);
    }

    /** One line for the start log: the key, then what is required of the claims. Never shows a secret. */
    public String describe() {
        StringBuilder line = new StringBuilder(key.describe());
        if (issuer != null) {
            line.append(", iss ").append(issuer);
        }
        if (audience != null) {
            line.append(", aud ").append(audience);
        }
        return line.append(", leeway ").append(leeway.toSeconds()).append(" s").toString();
    }

    @Override
    public String toString() {
        return "JwtSettings[" + describe() + "]";
    }

    private static void checkOptional(String value, String name) {
        if (value != null && value.isBlank()) {
            throw new IllegalArgumentException("the JWT " + name + " must not be empty when set");
        }
    }

    /** Where the verification key comes from; each kind allows exactly one signing algorithm per key. */
    public sealed interface Key permits Secret, Pem, Jwks {
        /** What the key is, without showing it. */
        String describe();
    }

    /** A shared HS256 secret: tokens signed with HS256 only. */
    public record Secret(String value) implements Key {
        /** RFC 7518 asks for an HS256 key at least as long as the hash: 256 bits. */
        public static final int MIN_BYTES = 32;

        public Secret {
            if (value == null || value.getBytes(StandardCharsets.UTF_8).length < MIN_BYTES) {
                throw new IllegalArgumentException("the HS256 secret must be at least " + MIN_BYTES + " bytes, got "
                        + (value == null ? 0 : value.getBytes(StandardCharsets.UTF_8).length));
            }
        }

        byte[] bytes() {
            return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String describe() {
            return "HS256 secret";
        }

        @Override
        public String toString() {
            return "Secret[***]";
        }
    }

    /** A public key: tokens signed with RS256 when it is an RSA key, with ES256 when it is an EC P-256 key. */
    public record Pem(PublicKey key) implements Key {
        public Pem {
            PemKeys.check(Objects.requireNonNull(key, "key"));
        }

        /**
         * Reads a PEM {@code PUBLIC KEY} block (SubjectPublicKeyInfo, as {@code openssl pkey -pubout} writes it).
         *
         * @throws IllegalArgumentException when the text is not one such block, or the key is neither RSA (at least
         *                                  2048 bits) nor EC P-256; the message never shows the text
         */
        public static Pem parse(String text) {
            return new Pem(PemKeys.parse(text));
        }

        /** The one algorithm tokens may be signed with: {@code RS256} or {@code ES256}. */
        public String algorithm() {
            return key instanceof ECPublicKey ? "ES256" : "RS256";
        }

        @Override
        public String describe() {
            return algorithm() + " public key";
        }
    }

    /**
     * A JSON Web Key Set fetched over HTTP: each token names its key by {@code kid}, and is signed with RS256 when
     * that key is an RSA key, with ES256 when it is an EC P-256 key.
     *
     * @param url             the http or https URL of the set
     * @param fetchTimeout    how long connecting, and then each read, may take before a fetch fails
     * @param cacheLifetime   how long a fetched set is used before it is fetched again
     * @param refetchInterval the least time between two fetches, whatever asks for them (an unknown {@code kid},
     *                        the end of the cache lifetime, a failed fetch before)
     */
    public record Jwks(URI url, Duration fetchTimeout, Duration cacheLifetime, Duration refetchInterval)
            implements Key {
        public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(2);
        public static final Duration DEFAULT_CACHE_LIFETIME = Duration.ofMinutes(5);
        public static final Duration DEFAULT_REFETCH_INTERVAL = Duration.ofSeconds(30);
        /**
         * How long after it was fetched the last set keeps serving while every refetch fails: an identity provider
         * that is away for a while refuses no token signed with a key it published before.
         */
        public static final Duration OUTAGE_TOLERANCE = Duration.ofHours(1);

        public Jwks {
            Objects.requireNonNull(url, "url");
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
                throw new IllegalArgumentException("the JWKS URL must be an absolute http or https URL");
            }
            positive(fetchTimeout, "fetch timeout");
            positive(cacheLifetime, "cache lifetime");
            positive(refetchInterval, "refetch interval");
            if (refetchInterval.compareTo(cacheLifetime) >= 0) {
                throw new IllegalArgumentException("the JWKS refetch interval must be shorter than its cache lifetime");
            }
        }

        /** The set at {@code url}, with the default timings. */
        public static Jwks at(String url) {
            if (url == null) {
                throw new IllegalArgumentException("the JWKS URL must be an absolute http or https URL");
            }
            try {
                return new Jwks(new URI(url.trim()), DEFAULT_FETCH_TIMEOUT, DEFAULT_CACHE_LIFETIME,
                        DEFAULT_REFETCH_INTERVAL);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("the JWKS URL is not a URL: " + e.getReason(), e);
            }
        }

        /** The URL as it may be logged: no user info, query or fragment, which may carry credentials. */
        public String shownUrl() {
            int port = url.getPort();
            String path = url.getRawPath() == null ? "" : url.getRawPath();
            return url.getScheme() + "://" + url.getHost() + (port >= 0 ? ":" + port : "") + path;
        }

        @Override
        public String describe() {
            return "JWKS " + shownUrl();
        }

        @Override
        public String toString() {
            return "Jwks[" + shownUrl() + ", fetch timeout " + fetchTimeout + ", cache " + cacheLifetime
                    + ", refetch interval " + refetchInterval + "]";
        }

        private static void positive(Duration value, String name) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("the JWKS " + name + " must be positive");
            }
        }
    }
}
