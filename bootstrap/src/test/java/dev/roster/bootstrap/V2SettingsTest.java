package dev.roster.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The JWT key and claim settings, room authorization and per-client limits, read and checked at start. */
class V2SettingsTest {
    private static final String SECRET = "an-hs256-secret-of-at-least-32-bytes";

    private static Config load(Map<String, String> env) {
        return Config.load(env, "host", new SecureRandom());
    }

    @Test
    void defaults_follow_the_contract() {
        Config config = load(Map.of());

        assertThat(config.authz().url()).isNull();
        assertThat(config.authz().token()).isNull();
        assertThat(config.authz().timeout()).isEqualTo(Duration.ofMillis(1000));
        assertThat(config.authz().cacheFor()).isEqualTo(Duration.ofMillis(30000));
        assertThat(config.authz().roomsOpen()).isFalse();
        LimitSettings limits = config.limits();
        assertThat(limits.maxRoomsPerSession()).isEqualTo(100);
        assertThat(limits.maxSessionsPerUser()).isEqualTo(32);
        assertThat(limits.maxConnectionsPerAddress()).isZero();
        assertThat(limits.handshakesPerAddressPerSecond()).isZero();
        assertThat(limits.framesPerSecond()).isEqualTo(100);
        assertThat(limits.framesBurst()).isEqualTo(200);
        assertThat(limits.maxTextBytes()).isEqualTo(4096);
        assertThat(limits.maxQueuedBytes()).isEqualTo(1_048_576);
        assertThat(config.trustedProxies().trusts("10.0.0.1")).isFalse();
        assertThat(load(Map.of("ROSTER_JWT_SECRET", SECRET)).jwt().leeway()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void every_v2_variable_is_read() {
        Map<String, String> env = new HashMap<>();
        env.put("ROSTER_JWT_JWKS_URL", "https://issuer.example/.well-known/jwks.json");
        env.put("ROSTER_JWT_ISSUER", "https://issuer.example/");
        env.put("ROSTER_JWT_AUDIENCE", "roster");
        env.put("ROSTER_JWT_LEEWAY_S", "30");
        env.put("ROSTER_AUTHZ_URL", "http://authz.internal:9000/rooms");
        env.put("ROSTER_AUTHZ_TOKEN", "hook-token");
        env.put("ROSTER_AUTHZ_TIMEOUT_MS", "250");
        env.put("ROSTER_AUTHZ_CACHE_MS", "0");
        env.put("ROSTER_ROOMS_OPEN", "true");
        env.put("ROSTER_MAX_ROOMS_PER_SESSION", "5");
        env.put("ROSTER_MAX_SESSIONS_PER_USER", "3");
        env.put("ROSTER_MAX_CONNECTIONS_PER_ADDRESS", "50");
        env.put("ROSTER_HANDSHAKES_PER_ADDRESS_PER_S", "10");
        env.put("ROSTER_FRAMES_PER_S", "20");
        env.put("ROSTER_FRAMES_BURST", "20");
        env.put("ROSTER_MAX_TEXT_BYTES", "32768");
        env.put("ROSTER_MAX_QUEUED_BYTES", "65536");
        env.put("ROSTER_TRUSTED_PROXIES", "10.0.0.0/8, ::1");

        Config config = load(env);

        assertThat(config.warnings()).isEmpty();
        JwtConfig jwt = config.jwt();
        assertThat(jwt.keySource()).isEqualTo(JwtConfig.KeySource.JWKS_URL);
        assertThat(jwt.jwksUrl()).isEqualTo(URI.create("https://issuer.example/.well-known/jwks.json"));
        assertThat(jwt.secret()).isNull();
        assertThat(jwt.publicKeyPem()).isNull();
        assertThat(jwt.issuer()).isEqualTo("https://issuer.example/");
        assertThat(jwt.audience()).isEqualTo("roster");
        assertThat(jwt.leeway()).isEqualTo(Duration.ofSeconds(30));
        RoomAuthzSettings authz = config.authz();
        assertThat(authz.url()).isEqualTo(URI.create("http://authz.internal:9000/rooms"));
        assertThat(authz.token()).isEqualTo("hook-token");
        assertThat(authz.timeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(authz.cacheFor()).isZero();
        assertThat(authz.roomsOpen()).isTrue();
        assertThat(config.limits()).isEqualTo(new LimitSettings(5, 3, 50, 10, 20, 20, 32768, 65536));
        assertThat(config.trustedProxies().trusts("10.1.2.3")).isTrue();
        assertThat(config.trustedProxies().trusts("::1")).isTrue();
        assertThat(config.trustedProxies().trusts("192.168.0.1")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "ROSTER_JWT_LEEWAY_S, -1, between 0 and 300",
        "ROSTER_JWT_LEEWAY_S, 301, between 0 and 300",
        "ROSTER_AUTHZ_TIMEOUT_MS, 0, between 1 and 60000",
        "ROSTER_AUTHZ_TIMEOUT_MS, 60001, between 1 and 60000",
        "ROSTER_AUTHZ_CACHE_MS, -1, between 0 and 86400000",
        "ROSTER_AUTHZ_CACHE_MS, 86400001, between 0 and 86400000",
        "ROSTER_ROOMS_OPEN, yes, must be true or false",
        "ROSTER_ROOMS_OPEN, 1, must be true or false",
        "ROSTER_MAX_ROOMS_PER_SESSION, 0, between 1 and 100000",
        "ROSTER_MAX_ROOMS_PER_SESSION, 100001, between 1 and 100000",
        "ROSTER_MAX_SESSIONS_PER_USER, 0, between 1 and 100000",
        "ROSTER_MAX_SESSIONS_PER_USER, 100001, between 1 and 100000",
        "ROSTER_MAX_CONNECTIONS_PER_ADDRESS, -1, between 0 and 1000000",
        "ROSTER_MAX_CONNECTIONS_PER_ADDRESS, 1000001, between 0 and 1000000",
        "ROSTER_HANDSHAKES_PER_ADDRESS_PER_S, -1, between 0 and 1000000",
        "ROSTER_HANDSHAKES_PER_ADDRESS_PER_S, 1000001, between 0 and 1000000",
        "ROSTER_FRAMES_PER_S, 0, between 1 and 100000",
        "ROSTER_FRAMES_PER_S, 100001, between 1 and 100000",
        "ROSTER_FRAMES_BURST, 99, at least ROSTER_FRAMES_PER_S",
        "ROSTER_FRAMES_BURST, 1000001, between 1 and 1000000",
        "ROSTER_MAX_TEXT_BYTES, 0, between 1 and 32768",
        "ROSTER_MAX_TEXT_BYTES, 32769, between 1 and 32768",
        "ROSTER_MAX_QUEUED_BYTES, 65535, between 65536 and 1073741824",
        "ROSTER_MAX_QUEUED_BYTES, 1073741825, between 65536 and 1073741824",
        "ROSTER_MAX_QUEUED_BYTES, lots, whole number",
        "ROSTER_TRUSTED_PROXIES, 'proxy.example', ''",
        "ROSTER_TRUSTED_PROXIES, '10.0.0.0/33', ''",
        "ROSTER_TRUSTED_PROXIES, ',', lists no address",
        "ROSTER_JWT_JWKS_URL, /jwks.json, no scheme",
        "ROSTER_JWT_JWKS_URL, ftp://issuer.example/jwks.json, scheme ftp",
        "ROSTER_JWT_JWKS_URL, https:///jwks.json, with a host",
        "ROSTER_JWT_JWKS_URL, 'https://exa mple/', not a valid URL",
        "ROSTER_AUTHZ_URL, file:///etc/passwd, scheme file",
        "ROSTER_AUTHZ_URL, authz.internal:9000, absolute http",
    })
    void a_bad_value_is_refused_naming_its_variable(String variable, String value, String expected) {
        assertThatThrownBy(() -> load(Map.of(variable, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(variable)
                .hasMessageContaining(expected);
    }

    @Test
    void the_bounds_themselves_are_accepted() {
        Map<String, String> low = Map.of("ROSTER_JWT_LEEWAY_S", "0", "ROSTER_AUTHZ_TIMEOUT_MS", "1",
                "ROSTER_MAX_ROOMS_PER_SESSION", "1", "ROSTER_MAX_SESSIONS_PER_USER", "1",
                "ROSTER_FRAMES_PER_S", "1", "ROSTER_FRAMES_BURST", "1", "ROSTER_MAX_TEXT_BYTES", "1",
                "ROSTER_MAX_QUEUED_BYTES", "65536", "ROSTER_ROOMS_OPEN", "FALSE");
        assertThat(load(low).limits()).isEqualTo(new LimitSettings(1, 1, 0, 0, 1, 1, 1, 65536));
        Map<String, String> high = Map.of("ROSTER_JWT_LEEWAY_S", "300", "ROSTER_AUTHZ_TIMEOUT_MS", "60000",
                "ROSTER_AUTHZ_CACHE_MS", "86400000", "ROSTER_FRAMES_PER_S", "100000", "ROSTER_FRAMES_BURST", "1000000",
                "ROSTER_MAX_QUEUED_BYTES", "1073741824", "ROSTER_MAX_CONNECTIONS_PER_ADDRESS", "1000000",
                "ROSTER_HANDSHAKES_PER_ADDRESS_PER_S", "1000000");
        assertThat(load(high).limits().maxQueuedBytes()).isEqualTo(1_073_741_824L);
    }

    @Test
    void raising_the_frame_rate_alone_raises_the_default_burst_with_it() {
        assertThat(load(Map.of("ROSTER_FRAMES_PER_S", "500")).limits().framesBurst()).isEqualTo(500);
        assertThat(load(Map.of("ROSTER_FRAMES_PER_S", "50")).limits().framesBurst()).isEqualTo(200);
    }

    @Test
    void a_url_error_does_not_repeat_the_url_which_may_hold_credentials() {
        assertThatThrownBy(() -> load(Map.of("ROSTER_AUTHZ_URL", "ftp://user:hunter2@authz.internal/")))
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void an_inline_public_key_is_kept_and_its_algorithm_recognised() {
        String rsa = JwtKeys.rsaPem();
        Config config = load(Map.of("ROSTER_JWT_PUBLIC_KEY", rsa));

        assertThat(config.jwt().keySource()).isEqualTo(JwtConfig.KeySource.PUBLIC_KEY);
        assertThat(config.jwt().publicKeyPem()).isEqualTo(rsa.strip());
        assertThat(config.jwt().publicKeyAlgorithm()).isEqualTo("RS256");
        assertThat(load(Map.of("ROSTER_JWT_PUBLIC_KEY", JwtKeys.ecPem())).jwt().publicKeyAlgorithm())
                .isEqualTo("ES256");
    }

    @Test
    void a_public_key_no_token_could_be_checked_with_is_refused_at_start_naming_the_variable() {
        // well-formed PEM, but a curve and a key size the authenticator never uses
        for (String weak : new String[] {JwtKeys.ecPem("secp384r1"), JwtKeys.rsaPem(1024)}) {
            assertThatThrownBy(() -> load(Map.of("ROSTER_JWT_PUBLIC_KEY", weak)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("ROSTER_JWT_PUBLIC_KEY: ");
        }
    }

    @Test
    void a_public_key_on_one_line_with_escaped_newlines_is_read_as_its_pem() {
        String rsa = JwtKeys.rsaPem().strip();
        Config config = load(Map.of("ROSTER_JWT_PUBLIC_KEY", rsa.replace("\n", "\\n")));

        assertThat(config.jwt().publicKeyPem()).isEqualTo(rsa);
    }

    @Test
    void a_public_key_can_be_read_from_a_file(@TempDir Path dir) throws IOException {
        String ec = JwtKeys.ecPem();
        Path file = dir.resolve("issuer.pem");
        Files.writeString(file, ec);

        Config config = load(Map.of("ROSTER_JWT_PUBLIC_KEY", "@" + file));

        assertThat(config.jwt().publicKeyPem()).isEqualTo(ec.strip());
        assertThat(config.jwt().publicKeyAlgorithm()).isEqualTo("ES256");
    }

    @Test
    void an_unreadable_public_key_file_is_refused_naming_the_variable(@TempDir Path dir) {
        assertThatThrownBy(() -> load(Map.of("ROSTER_JWT_PUBLIC_KEY", "@" + dir.resolve("missing.pem"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ROSTER_JWT_PUBLIC_KEY=@")
                .hasMessageContaining("cannot read the file");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA",
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----",
        "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----",
        "-----BEGIN PUBLIC KEY-----\nnot base64 at all!\n-----END PUBLIC KEY-----",
        "-----BEGIN PUBLIC KEY-----\nMIIB",
        "https://issuer.example/key.pem",
    })
    void a_value_that_is_not_a_pem_public_key_is_refused_naming_the_variable(String notPem) {
        assertThatThrownBy(() -> load(Map.of("ROSTER_JWT_PUBLIC_KEY", notPem)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ROSTER_JWT_PUBLIC_KEY must be a PEM block from -----BEGIN PUBLIC KEY-----");
    }

    @Test
    void a_pem_file_that_holds_something_else_is_refused_too(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("key.pem");
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> load(Map.of("ROSTER_JWT_PUBLIC_KEY", "@" + file)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ROSTER_JWT_PUBLIC_KEY must be a PEM block");
    }

    @Test
    void jwt_settings_hold_exactly_one_key_source() {
        Duration leeway = Duration.ofSeconds(5);
        URI jwks = URI.create("https://issuer.example/jwks.json");
        assertThatThrownBy(() -> new JwtConfig(null, null, null, null, null, leeway))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JwtConfig(SECRET, null, jwks, null, null, leeway))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new JwtConfig(SECRET, null, null, null, null, leeway).toString()).doesNotContain(SECRET);
    }
}
