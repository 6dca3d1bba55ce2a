package dev.roster.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules that keep a node from starting unsafely: auth never defaults to dev beside a shared store, no empty
 * value, no short secret, no Kubernetes service link taken for the port.
 */
class SafeConfigTest {
    private static final String SECRET = "an-hs256-secret-of-at-least-32-bytes";
    private static final String REDIS = "redis://127.0.0.1:6390";

    private static Config load(Map<String, String> env) {
        return Config.load(env, "host", new SecureRandom());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ROSTER_REDIS_URL", "ROSTER_REDIS_CLUSTER"})
    void a_shared_store_without_an_auth_choice_is_refused_naming_roster_auth_and_the_keys(String store) {
        String value = store.equals("ROSTER_REDIS_URL") ? REDIS : "127.0.0.1:7000";
        assertThatThrownBy(() -> load(Map.of(store, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ROSTER_AUTH is not set")
                .hasMessageContaining("ROSTER_AUTH=jwt")
                .hasMessageContaining("ROSTER_JWT_SECRET")
                .hasMessageContaining("ROSTER_JWT_PUBLIC_KEY")
                .hasMessageContaining("ROSTER_JWT_JWKS_URL")
                .hasMessageContaining("ROSTER_AUTH=dev");
    }

    @Test
    void the_embedded_demo_defaults_to_dev_and_dev_can_be_chosen_beside_redis() {
        assertThat(load(Map.of()).auth()).isEqualTo(AuthMode.DEV);
        assertThat(load(Map.of("ROSTER_REDIS_URL", REDIS, "ROSTER_AUTH", "dev")).auth()).isEqualTo(AuthMode.DEV);
        assertThat(load(Map.of("ROSTER_REDIS_CLUSTER", "127.0.0.1:7000", "ROSTER_AUTH", "DEV")).auth())
                .isEqualTo(AuthMode.DEV);
    }

    @ParameterizedTest
    @MethodSource("dev.roster.bootstrap.JwtKeys#eachKeySetting")
    void any_key_setting_selects_jwt_with_or_without_redis(String variable, String value) {
        Config embedded = load(Map.of(variable, value));
        Config shared = load(Map.of(variable, value, "ROSTER_REDIS_URL", REDIS));

        assertThat(embedded.auth()).isEqualTo(AuthMode.JWT);
        assertThat(shared.auth()).isEqualTo(AuthMode.JWT);
        assertThat(shared.jwt().keySource().name()).isEqualTo(variable.substring("ROSTER_JWT_".length()));
    }

    @Test
    void jwt_with_two_key_sources_is_refused_naming_both() {
        assertThatThrownBy(() -> load(Map.of("ROSTER_JWT_SECRET", SECRET,
                "ROSTER_JWT_JWKS_URL", "https://issuer.example/jwks.json")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("exactly one JWT key")
                .hasMessageContaining("ROSTER_JWT_SECRET and ROSTER_JWT_JWKS_URL");
        assertThatThrownBy(() -> load(Map.of("ROSTER_AUTH", "jwt", "ROSTER_JWT_SECRET", SECRET,
                "ROSTER_JWT_PUBLIC_KEY", JwtKeys.rsaPem())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ROSTER_JWT_SECRET and ROSTER_JWT_PUBLIC_KEY");
    }

    @Test
    void dev_chosen_on_purpose_starts_even_with_several_keys_set() {
        Config config = load(Map.of("ROSTER_AUTH", "dev", "ROSTER_JWT_SECRET", SECRET,
                "ROSTER_JWT_JWKS_URL", "https://issuer.example/jwks.json"));
        assertThat(config.auth()).isEqualTo(AuthMode.DEV);
        assertThat(config.jwt()).isNull();
    }

    @Test
    void every_variable_roster_reads_refuses_an_empty_or_blank_value_by_name() {
        assertThat(Config.VARIABLES).contains("ROSTER_PORT", "ROSTER_JWT_PUBLIC_KEY", "ROSTER_AUTHZ_URL",
                "ROSTER_ROOMS_OPEN", "ROSTER_MAX_QUEUED_BYTES", "ROSTER_TRUSTED_PROXIES", "ROSTER_METRICS_TOKEN");
        List<String> variables = new ArrayList<>(Config.VARIABLES);
        variables.add("ROSTER_CONFIG");
        for (String variable : variables) {
            for (String empty : List.of("", " \t")) {
                assertThatThrownBy(() -> load(Map.of(variable, empty)))
                        .as(variable)
                        .isInstanceOf(ConfigException.class)
                        .hasMessageStartingWith(variable + " is set but empty");
            }
        }
    }

    @Test
    void an_empty_value_in_the_file_is_refused_unless_the_environment_sets_it(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("roster.properties");
        Files.writeString(file, "ROSTER_GRACE_MS=\n");

        assertThatThrownBy(() -> load(Map.of("ROSTER_CONFIG", file.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ROSTER_CONFIG=")
                .hasMessageContaining("ROSTER_GRACE_MS is set but empty");
        assertThat(load(Map.of("ROSTER_CONFIG", file.toString(), "ROSTER_GRACE_MS", "10")).grace().toMillis())
                .isEqualTo(10);
    }

    @Test
    void an_unknown_variable_set_empty_is_only_warned_about() {
        Config config = load(Map.of("ROSTER_SOMETHING_ELSE", ""));
        assertThat(config.warnings()).singleElement().asString().contains("ROSTER_SOMETHING_ELSE");
    }

    @Test
    void a_short_jwt_secret_is_refused_by_name_without_its_value() {
        String shortSecret = "only-31-bytes-long-secret-value";
        assertThat(shortSecret).hasSize(31);

        assertThatThrownBy(() -> load(Map.of("ROSTER_JWT_SECRET", shortSecret)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ROSTER_JWT_SECRET must be at least 32 bytes")
                .hasMessageNotContaining(shortSecret);
        // refused under dev too: a short secret is a mistake whether or not it is used yet
        assertThatThrownBy(() -> load(Map.of("ROSTER_JWT_SECRET", shortSecret, "ROSTER_AUTH", "dev")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ROSTER_JWT_SECRET");
        assertThat(load(Map.of("ROSTER_JWT_SECRET", shortSecret + "x")).jwt().secret()).hasSize(32);
    }

    @Test
    void the_secret_length_counts_utf8_bytes() {
        // 16 two-byte characters: 16 characters but 32 bytes
        String accented = "é".repeat(16);
        assertThat(load(Map.of("ROSTER_JWT_SECRET", accented)).jwt().secret()).isEqualTo(accented);
        assertThatThrownBy(() -> load(Map.of("ROSTER_JWT_SECRET", "é".repeat(15))))
                .hasMessageStartingWith("ROSTER_JWT_SECRET must be at least 32 bytes");
    }

    @Test
    void a_short_admin_token_is_refused_by_name_without_its_value() {
        String shortToken = "twenty-three-characters";
        assertThat(shortToken).hasSize(23);

        assertThatThrownBy(() -> load(Map.of("ROSTER_ADMIN_TOKEN", shortToken)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ROSTER_ADMIN_TOKEN must be at least 24 characters")
                .hasMessageNotContaining(shortToken);
        assertThat(load(Map.of("ROSTER_ADMIN_TOKEN", shortToken + "s")).adminToken()).isEqualTo(shortToken + "s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp://10.0.0.1:8080", "tcp://10.96.12.7:80", "udp://10.0.0.1:53"})
    void a_kubernetes_service_link_as_the_port_is_refused_with_the_explanation(String link) {
        assertThatThrownBy(() -> load(Map.of("ROSTER_PORT", link)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ROSTER_PORT")
                .hasMessageContaining("Kubernetes service link")
                .hasMessageContaining("Set ROSTER_PORT explicitly")
                .hasMessageContaining("enableServiceLinks: false");
    }

    @Test
    void a_kubernetes_service_link_port_given_explicitly_starts_and_the_link_variables_are_one_note() {
        Map<String, String> env = new HashMap<>();
        env.put("ROSTER_PORT", "8080");
        env.put("ROSTER_SERVICE_HOST", "10.0.0.1");
        env.put("ROSTER_SERVICE_PORT", "8080");
        env.put("ROSTER_SERVICE_PORT_HTTP", "8080");
        env.put("ROSTER_PORT_8080_TCP", "tcp://10.0.0.1:8080");
        env.put("ROSTER_PORT_8080_TCP_PROTO", "tcp");
        env.put("ROSTER_PORT_8080_TCP_PORT", "8080");
        env.put("ROSTER_PORT_8080_TCP_ADDR", "10.0.0.1");

        Config config = load(env);

        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.warnings()).isEmpty();
        assertThat(config.notes()).singleElement().asString()
                .contains("Kubernetes service-link", "ROSTER_SERVICE_HOST", "ROSTER_PORT_8080_TCP_ADDR",
                        "enableServiceLinks: false");
    }
}
