package dev.roster.adapters.javalin.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import java.net.URI;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class JwtSettingsTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void an_hs256_secret_has_at_least_32_bytes() {
        assertThat(JwtSettings.hs256(SECRET).key()).isEqualTo(new JwtSettings.Secret(SECRET));
        assertThatThrownBy(() -> JwtSettings.hs256(SECRET.substring(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the HS256 secret must be at least 32 bytes, got 31");
        assertThatThrownBy(() -> JwtSettings.hs256(null)).isInstanceOf(IllegalArgumentException.class);
        // bytes, not characters: 16 two-byte characters are 32 bytes
        assertThat(JwtSettings.hs256("é".repeat(16)).key()).isInstanceOf(JwtSettings.Secret.class);
    }

    @Test
    void the_secret_never_shows_in_a_description_or_a_string() {
        JwtSettings settings = JwtSettings.hs256(SECRET);

        assertThat(settings.describe()).isEqualTo("HS256 secret, leeway 5 s");
        assertThat(settings.toString()).doesNotContain(SECRET);
        assertThat(settings.key().toString()).doesNotContain(SECRET);
    }

    @Test
    void exactly_one_key_source_is_taken() throws JOSEException {
        assertThat(JwtSettings.oneKey(SECRET, null, null)).isInstanceOf(JwtSettings.Secret.class);
        assertThat(JwtSettings.oneKey(null, pem(Tokens.rsa("r").toPublicKey()), null))
                .isInstanceOf(JwtSettings.Pem.class);
        assertThat(JwtSettings.oneKey(null, null, "https://idp.example/jwks.json"))
                .isInstanceOf(JwtSettings.Jwks.class);
        assertThatThrownBy(() -> JwtSettings.oneKey(null, null, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exactly one JWT key").hasMessageEndingWith("got 0");
        assertThatThrownBy(() -> JwtSettings.oneKey(SECRET, null, "https://idp.example/jwks.json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith("got 2");
    }

    @Test
    void an_rsa_public_key_means_rs256_and_an_ec_p256_key_es256() throws JOSEException {
        JwtSettings.Pem rsa = JwtSettings.Pem.parse(pem(Tokens.rsa("r").toPublicKey()));
        JwtSettings.Pem ec = JwtSettings.Pem.parse(pem(Tokens.ec("e").toPublicKey()));

        assertThat(rsa.algorithm()).isEqualTo("RS256");
        assertThat(ec.algorithm()).isEqualTo("ES256");
        assertThat(JwtSettings.of(rsa).describe()).isEqualTo("RS256 public key, leeway 5 s");
        assertThat(JwtSettings.of(ec).describe()).isEqualTo("ES256 public key, leeway 5 s");
    }

    @Test
    void a_pem_with_text_around_or_windows_line_ends_is_read() throws JOSEException {
        String pem = pem(Tokens.rsa("r").toPublicKey()).replace("\n", "\r\n");

        assertThat(JwtSettings.Pem.parse("the IdP's key:\r\n" + pem + "\r\n").algorithm()).isEqualTo("RS256");
    }

    @Test
    void other_keys_are_refused_when_the_settings_are_made() throws Exception {
        assertRefusedKey(pem(Tokens.ec("e", Curve.P_384).toPublicKey()), "curve P-384: only P-256 (ES256)");
        assertRefusedKey(pem(Tokens.rsa("weak", 1024).toPublicKey()), "1024 bits: at least 2048");
        assertRefusedKey(pem(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic()),
                "EdDSA public key is not supported");
        assertRefusedKey(pem(KeyPairGenerator.getInstance("DSA").generateKeyPair().getPublic()),
                "DSA public key is not supported");
    }

    @Test
    void text_that_is_not_one_pem_public_key_is_refused_without_being_shown() throws Exception {
        String body = Base64.getMimeEncoder().encodeToString(
                Tokens.rsa("r").toPrivateKey().getEncoded());
        assertRefusedKey("-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n", "private key");
        assertRefusedKey("-----BEGIN RSA PUBLIC KEY-----\nAAAA\n-----END RSA PUBLIC KEY-----\n",
                "RSA PUBLIC KEY block: give a PUBLIC KEY block");
        String one = pem(Tokens.rsa("r").toPublicKey());
        assertRefusedKey(one + one, "more than one block");
        assertRefusedKey("not a key at all", "not PEM");
        assertRefusedKey("", "empty");
        assertRefusedKey(null, "empty");
        assertRefusedKey("-----BEGIN PUBLIC KEY-----\nAAAABBBBCCCC\n-----END PUBLIC KEY-----\n",
                "does not hold a readable public key");
        assertRefusedKey("-----BEGIN PUBLIC KEY-----\nAAA=B\n-----END PUBLIC KEY-----\n", "not valid base64");
    }

    @Test
    void a_jwks_url_is_an_absolute_http_or_https_url() {
        assertThat(JwtSettings.jwks("https://idp.example/.well-known/jwks.json").describe())
                .isEqualTo("JWKS https://idp.example/.well-known/jwks.json, leeway 5 s");
        assertThat(JwtSettings.jwks("http://idp.internal:8080/jwks").key()).isInstanceOf(JwtSettings.Jwks.class);
        for (String bad : new String[] {"file:///etc/jwks.json", "ftp://idp.example/jwks", "/jwks.json",
                "idp.example/jwks.json", "https:///jwks.json", "http://idp example/"}) {
            assertThatThrownBy(() -> JwtSettings.jwks(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("JWKS URL");
        }
    }

    @Test
    void the_jwks_defaults_are_the_contracts_and_credentials_in_its_url_are_not_shown() {
        JwtSettings.Jwks jwks = JwtSettings.Jwks.at("https://user:pw@idp.example:8443/jwks?api_key=s3cret#x");

        assertThat(jwks.fetchTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(jwks.cacheLifetime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(jwks.refetchInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(jwks.describe()).isEqualTo("JWKS https://idp.example:8443/jwks");
        assertThat(jwks.toString()).doesNotContain("pw").doesNotContain("s3cret");
    }

    @Test
    void the_jwks_timings_must_be_positive_and_the_refetch_interval_shorter_than_the_cache_lifetime() {
        URI url = URI.create("https://idp.example/jwks");
        Duration second = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new JwtSettings.Jwks(url, Duration.ZERO, Duration.ofMinutes(5), second))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fetch timeout must be positive");
        assertThatThrownBy(() -> new JwtSettings.Jwks(url, second, Duration.ofSeconds(-1), second))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cache lifetime must be positive");
        assertThatThrownBy(() -> new JwtSettings.Jwks(url, second, Duration.ofMinutes(5), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refetch interval must be positive");
        assertThatThrownBy(() -> new JwtSettings.Jwks(url, second, Duration.ofSeconds(30), Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shorter than its cache lifetime");
    }

    @Test
    void issuer_audience_and_leeway_are_checked() {
        JwtSettings settings = JwtSettings.hs256(SECRET).withIssuer("https://idp.example").withAudience("roster")
                .withLeeway(Duration.ofSeconds(30));

        assertThat(settings.describe()).isEqualTo("HS256 secret, iss https://idp.example, aud roster, leeway 30 s");
        assertThatThrownBy(() -> settings.withIssuer(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the JWT issuer must not be empty when set");
        assertThatThrownBy(() -> settings.withAudience("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the JWT audience must not be empty when set");
        assertThatThrownBy(() -> settings.withLeeway(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be negative");
        assertThat(settings.withLeeway(Duration.ZERO).leeway()).isZero();
    }

    private static void assertRefusedKey(String text, String reason) {
        assertThatThrownBy(() -> JwtSettings.publicKey(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason)
                .satisfies(e -> {
                    if (text != null && text.length() > 40) {
                        // no part of the key text in the message
                        String middle = text.substring(text.length() / 2, text.length() / 2 + 16);
                        assertThat(e.getMessage()).doesNotContain(middle);
                    }
                });
    }

    private static String pem(PublicKey key) {
        return Tokens.pem(key);
    }
}
