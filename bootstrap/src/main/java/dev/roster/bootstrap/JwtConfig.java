package dev.roster.bootstrap;

import dev.roster.adapters.javalin.auth.JwtSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * How JWTs are checked under {@link AuthMode#JWT}: exactly one key source (an HS256 secret, a PEM public key, or a
 * JWKS URL), and the optional claims every token must carry.
 *
 * @param secret       the HS256 secret ({@code ROSTER_JWT_SECRET}), at least 32 bytes; null when another key is used
 * @param publicKeyPem the PEM {@code PUBLIC KEY} block ({@code ROSTER_JWT_PUBLIC_KEY}, read from its file when given
 *                     as {@code @/path}); its framing is checked here, and the key itself by the authenticator's parser (RSA of 2048 bits
 *                     or more, or EC P-256)
 * @param jwksUrl      the JWKS URL ({@code ROSTER_JWT_JWKS_URL}), absolute http(s)
 * @param issuer       the {@code iss} every token must carry; null for any
 * @param audience     what every token's {@code aud} must contain; null for any
 * @param leeway       the clock leeway for {@code exp} and {@code nbf}
 */
public record JwtConfig(String secret, String publicKeyPem, URI jwksUrl, String issuer, String audience,
                          Duration leeway) {
    static final String SECRET = "ROSTER_JWT_SECRET";
    static final String PUBLIC_KEY = "ROSTER_JWT_PUBLIC_KEY";
    static final String JWKS_URL = "ROSTER_JWT_JWKS_URL";
    static final String ISSUER = "ROSTER_JWT_ISSUER";
    static final String AUDIENCE = "ROSTER_JWT_AUDIENCE";
    static final String LEEWAY = "ROSTER_JWT_LEEWAY_S";
    /** The key settings, one of which {@code jwt} needs. */
    static final List<String> KEY_VARIABLES = List.of(SECRET, PUBLIC_KEY, JWKS_URL);
    static final List<String> VARIABLES = List.of(SECRET, PUBLIC_KEY, JWKS_URL, ISSUER, AUDIENCE, LEEWAY);

    static final int MIN_SECRET_BYTES = 32;
    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";

    /** Which of the three key sources is configured. */
    public enum KeySource { SECRET, PUBLIC_KEY, JWKS_URL }

    public JwtConfig {
        Objects.requireNonNull(leeway, "leeway");
        int sources = (secret != null ? 1 : 0) + (publicKeyPem != null ? 1 : 0) + (jwksUrl != null ? 1 : 0);
        if (sources != 1) {
            throw new IllegalArgumentException("exactly one JWT key source is needed, got " + sources);
        }
    }

    public KeySource keySource() {
        if (secret != null) {
            return KeySource.SECRET;
        }
        return publicKeyPem != null ? KeySource.PUBLIC_KEY : KeySource.JWKS_URL;
    }

    /**
     * Checks every JWT variable that is set, whatever the auth mode, so a bad value is found before it is needed.
     * Returns the settings under {@code jwt}, or null under {@code dev}, where no key is used.
     *
     * @throws ConfigException naming the variable that is wrong, or under {@code jwt} the key variables when none or
     *                         more than one is set
     */
    static JwtConfig read(ConfigSource source, AuthMode auth) {
        String secret = source.text(SECRET).orElse(null);
        int secretBytes = secret == null ? 0 : secret.getBytes(StandardCharsets.UTF_8).length;
        if (secret != null && secretBytes < MIN_SECRET_BYTES) {
            // the length is safe to say; the value never is
            throw new ConfigException(SECRET + " must be at least " + MIN_SECRET_BYTES + " bytes (UTF-8), got "
                    + secretBytes + "; use a random value, e.g. openssl rand -hex 32");
        }
        String pem = source.text(PUBLIC_KEY).map(JwtConfig::pem).orElse(null);
        URI jwks = source.text(JWKS_URL).map(raw -> HttpUrl.parse(JWKS_URL, raw)).orElse(null);
        String issuer = source.text(ISSUER).orElse(null);
        String audience = source.text(AUDIENCE).orElse(null);
        Duration leeway = Duration.ofSeconds(source.number(LEEWAY, 5, 0, 300));
        List<String> given = new ArrayList<>();
        if (secret != null) {
            given.add(SECRET);
        }
        if (pem != null) {
            given.add(PUBLIC_KEY);
        }
        if (jwks != null) {
            given.add(JWKS_URL);
        }
        if (auth != AuthMode.JWT) {
            return null;
        }
        if (given.isEmpty()) {
            throw new ConfigException(Config.AUTH + "=jwt needs one of " + String.join(", ", KEY_VARIABLES)
                    + " (an HS256 secret of at least " + MIN_SECRET_BYTES + " bytes, a PEM public key, or a JWKS URL)");
        }
        if (given.size() > 1) {
            throw new ConfigException(Config.AUTH + "=jwt takes exactly one JWT key, got " + String.join(" and ", given)
                    + "; keep the one tokens are signed for and unset the others");
        }
        JwtConfig config = new JwtConfig(secret, pem, jwks, issuer, audience, leeway);
        try {
            config.authenticatorSettings();
        } catch (IllegalArgumentException e) {
            // the parser never shows the key or the secret, only what is wrong with it
            throw new ConfigException(given.get(0) + ": " + e.getMessage(), e);
        }
        return config;
    }

    /** The settings the JWT authenticator checks tokens with: the one key, parsed, and the required claims. */
    JwtSettings authenticatorSettings() {
        JwtSettings.Key key = JwtSettings.oneKey(secret, publicKeyPem, jwksUrl == null ? null : jwksUrl.toString());
        return new JwtSettings(key, issuer, audience, leeway);
    }

    // inline PEM, or @/path/to/file; only the framing and the base64 body are checked, the key is parsed later
    private static String pem(String raw) {
        String text = raw;
        if (raw.startsWith("@")) {
            Path path = Path.of(raw.substring(1).strip());
            try {
                text = Files.readString(path, StandardCharsets.UTF_8).strip();
            } catch (IOException | RuntimeException e) {
                throw new ConfigException(PUBLIC_KEY + "=@" + path + ": cannot read the file (" + e + ")", e);
            }
        }
        // a PEM squeezed onto one line with \n escapes, as some secret stores hand it over
        text = text.replace("\\n", "\n");
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin != 0 || end < 0 || end + END.length() != text.length()) {
            throw notPem();
        }
        String body = text.substring(BEGIN.length(), end).replaceAll("\\s", "");
        try {
            if (body.isEmpty() || Base64.getDecoder().decode(body).length == 0) {
                throw notPem();
            }
        } catch (IllegalArgumentException e) {
            throw notPem();
        }
        return text;
    }

    private static ConfigException notPem() {
        return new ConfigException(PUBLIC_KEY + " must be a PEM block from " + BEGIN + " to " + END
                + " (RSA or EC P-256), given inline or as @/path/to/file");
    }

    /** The JWS algorithm the public key serves ({@code RS256}, {@code ES256}), or null when no public key is set. */
    public String publicKeyAlgorithm() {
        return publicKeyPem == null ? null : JwtSettings.Pem.parse(publicKeyPem).algorithm();
    }

    /** What the start log says of these settings: the key type and the required claims; never the secret. */
    String describe() {
        String key = switch (keySource()) {
            case SECRET -> "HS256 secret";
            case PUBLIC_KEY -> "public key, " + publicKeyAlgorithm();
            case JWKS_URL -> "JWKS URL " + HttpUrl.redact(jwksUrl) + ", keys chosen by kid";
        };
        return key + "; sub = user, exp required, leeway " + leeway.toSeconds() + " s"
                + (issuer == null ? "" : "; issuer " + issuer)
                + (audience == null ? "" : "; audience " + audience);
    }

    @Override
    public String toString() {
        return "JwtConfig[key=" + keySource() + ", secret=" + (secret == null ? "none" : "***")
                + ", jwksUrl=" + (jwksUrl == null ? "none" : HttpUrl.redact(jwksUrl)) + ", issuer=" + issuer
                + ", audience=" + audience + ", leeway=" + leeway.toSeconds() + "s]";
    }
}
