package dev.roster.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
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

class ConfigTest {
    private static final String SECRET = "an-hs256-secret-of-at-least-32-bytes";
    private static final String ADMIN_TOKEN = "admin-token-of-24-or-more-chars";

    private static Config load(Map<String, String> env) {
        return Config.load(env, "build-host", new SecureRandom());
    }

    @Test
    void defaults_follow_the_contract() {
        Config config = load(Map.of());

        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.auth()).isEqualTo(AuthMode.DEV);
        assertThat(config.jwt()).isNull();
        assertThat(config.grace()).isEqualTo(Duration.ofMillis(3000));
        assertThat(config.lease()).isEqualTo(Duration.ofMillis(15000));
        assertThat(config.allowedOrigins()).isNull();
        assertThat(config.redisUrl()).isNull();
        assertThat(config.redisCluster()).isNull();
        assertThat(config.usesRedis()).isFalse();
        assertThat(config.maxThreads()).isEqualTo(16);
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofMillis(60000));
        assertThat(config.pingInterval()).isEqualTo(Duration.ofMillis(20000));
        assertThat(config.node().value()).matches("build-host-[0-9a-f]{6}");
        assertThat(config.metricsToken()).isNull();
    }

    @Test
    void every_variable_is_read() {
        Map<String, String> env = new HashMap<>();
        env.put("ROSTER_PORT", "9000");
        env.put("ROSTER_NODE_ID", "node-a");
        env.put("ROSTER_AUTH", "jwt");
        env.put("ROSTER_JWT_SECRET", SECRET);
        env.put("ROSTER_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("ROSTER_GRACE_MS", "250");
        env.put("ROSTER_LEASE_MS", "6000");
        env.put("ROSTER_ALLOWED_ORIGINS", "https://a.example,https://b.example");
        env.put("ROSTER_REDIS_URL", "redis://127.0.0.1:6379");
        env.put("ROSTER_REDIS_CLUSTER", "127.0.0.1:7000,127.0.0.1:7001");
        env.put("ROSTER_MAX_THREADS", "32");
        env.put("ROSTER_IDLE_TIMEOUT_MS", "30000");
        env.put("ROSTER_PING_MS", "10000");
        env.put("ROSTER_METRICS_TOKEN", "metrics-token");

        Config config = load(env);

        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.node().value()).isEqualTo("node-a");
        assertThat(config.auth()).isEqualTo(AuthMode.JWT);
        assertThat(config.jwt().secret()).isEqualTo(SECRET);
        assertThat(config.adminToken()).isEqualTo(ADMIN_TOKEN);
        assertThat(config.adminTokenGenerated()).isFalse();
        assertThat(config.grace()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.lease()).isEqualTo(Duration.ofMillis(6000));
        assertThat(config.allowedOrigins()).isEqualTo("https://a.example,https://b.example");
        assertThat(config.redisUrl()).isEqualTo("redis://127.0.0.1:6379");
        assertThat(config.redisCluster()).isEqualTo("127.0.0.1:7000,127.0.0.1:7001");
        assertThat(config.usesRedis()).isTrue();
        assertThat(config.maxThreads()).isEqualTo(32);
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofMillis(30000));
        assertThat(config.pingInterval()).isEqualTo(Duration.ofMillis(10000));
        assertThat(config.metricsToken()).isEqualTo("metrics-token");
        assertThat(config.toString()).doesNotContain("metrics-token");
    }

    @Test
    void a_secret_alone_selects_jwt_and_dev_can_still_be_forced() {
        assertThat(load(Map.of("ROSTER_JWT_SECRET", SECRET)).auth()).isEqualTo(AuthMode.JWT);
        Config forced = load(Map.of("ROSTER_JWT_SECRET", SECRET, "ROSTER_AUTH", "dev"));
        assertThat(forced.auth()).isEqualTo(AuthMode.DEV);
        assertThat(forced.jwt()).isNull();
    }

    @Test
    void jwt_without_a_key_is_refused_with_a_clear_message() {
        assertThatThrownBy(() -> load(Map.of("ROSTER_AUTH", "jwt")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ROSTER_AUTH=jwt needs one of ROSTER_JWT_SECRET, ROSTER_JWT_PUBLIC_KEY, "
                        + "ROSTER_JWT_JWKS_URL");
    }

    @ParameterizedTest
    @CsvSource({
        "ROSTER_PORT, eighty, whole number",
        "ROSTER_PORT, -1, between 0 and 65535",
        "ROSTER_PORT, 70000, between 0 and 65535",
        "ROSTER_GRACE_MS, -5, between 0",
        "ROSTER_GRACE_MS, 1.5, whole number",
        "ROSTER_LEASE_MS, 0, between 30",
        "ROSTER_MAX_THREADS, 2, between 4",
        "ROSTER_IDLE_TIMEOUT_MS, x, whole number",
        "ROSTER_PING_MS, -1, between 1",
        "ROSTER_AUTH, oauth, must be dev or jwt",
        "ROSTER_NODE_ID, 'has space', node id must be",
        "ROSTER_REDIS_URL, http://127.0.0.1:6379, must start with redis://",
        "ROSTER_REDIS_CLUSTER, 127.0.0.1, host:port",
        "ROSTER_REDIS_CLUSTER, '127.0.0.1:7000,127.0.0.1:x', host:port",
    })
    void a_bad_value_names_its_variable(String variable, String value, String expected) {
        assertThatThrownBy(() -> load(Map.of(variable, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(variable)
                .hasMessageContaining(expected);
    }

    @Test
    void ping_must_come_before_the_idle_timeout() {
        assertThatThrownBy(() -> load(Map.of("ROSTER_PING_MS", "5000", "ROSTER_IDLE_TIMEOUT_MS", "5000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ROSTER_PING_MS")
                .hasMessageContaining("ROSTER_IDLE_TIMEOUT_MS");
    }

    @Test
    void a_missing_admin_token_is_generated_and_each_start_gets_a_new_boot() {
        Config first = load(Map.of());
        Config second = load(Map.of());

        assertThat(first.adminTokenGenerated()).isTrue();
        assertThat(first.adminToken()).matches("[0-9a-f]{48}");
        assertThat(first.adminToken()).isNotEqualTo(second.adminToken());
        assertThat(first.boot()).isNotEqualTo(second.boot());
        assertThat(first.node()).isNotEqualTo(second.node());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " "})
    void an_empty_metrics_token_is_refused_rather_than_leaving_metrics_open(String empty) {
        assertThatThrownBy(() -> load(Map.of("ROSTER_METRICS_TOKEN", empty)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ROSTER_METRICS_TOKEN");
    }

    @Test
    void an_empty_metrics_token_in_the_file_is_refused_and_one_in_the_environment_wins_over_it(@TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("roster.properties");
        Files.writeString(file, "ROSTER_METRICS_TOKEN=\n");
        assertThatThrownBy(() -> load(Map.of("ROSTER_CONFIG", file.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ROSTER_METRICS_TOKEN");
        assertThat(load(Map.of("ROSTER_CONFIG", file.toString(), "ROSTER_METRICS_TOKEN", "m")).metricsToken())
                .isEqualTo("m");
    }

    @Test
    void the_default_node_id_is_a_valid_id_whatever_the_host_is_called() {
        SecureRandom random = new SecureRandom();
        assertThat(Config.load(Map.of(), "my host/with*odd#chars", random).node().value())
                .matches("my-host-with-odd-chars-[0-9a-f]{6}");
        assertThat(Config.load(Map.of(), "h".repeat(200), random).node().value()).hasSize(64);
        assertThat(Config.load(Map.of(), "", random).node().value()).matches("roster-[0-9a-f]{6}");
    }

    @Test
    void secrets_stay_out_of_to_string() {
        Map<String, String> env = new HashMap<>();
        env.put("ROSTER_JWT_SECRET", "topsecret-topsecret-topsecret-topsecret");
        env.put("ROSTER_ADMIN_TOKEN", "admintoken-admintoken-admintoken");
        env.put("ROSTER_REDIS_URL", "redis://:redispass@127.0.0.1:6379");
        env.put("ROSTER_METRICS_TOKEN", "metricstoken");
        env.put("ROSTER_AUTHZ_URL", "https://authz.example/check?key=querysecret");
        env.put("ROSTER_AUTHZ_TOKEN", "authztoken");
        Config config = load(env);
        assertThat(config.toString()).doesNotContain("topsecret", "admintoken", "redispass", "metricstoken",
                "querysecret", "authztoken");
        assertThat(config.toString()).contains("authz.example");
    }

    @Test
    void a_file_named_by_roster_config_mirrors_the_variables_and_the_environment_wins(@TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("roster.properties");
        Files.writeString(file, "ROSTER_PORT=9100\nROSTER_GRACE_MS=700\nROSTER_MAX_ROOMS_PER_SESSION=7\n");

        Config config = load(Map.of("ROSTER_CONFIG", file.toString(), "ROSTER_GRACE_MS", "900"));

        assertThat(config.port()).isEqualTo(9100);
        assertThat(config.grace()).isEqualTo(Duration.ofMillis(900));
        assertThat(config.limits().maxRoomsPerSession()).isEqualTo(7);
    }

    @Test
    void a_file_with_an_unknown_setting_or_that_cannot_be_read_is_refused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("roster.properties");
        Files.writeString(file, "ROSTER_PROT=9100\n");

        assertThatThrownBy(() -> load(Map.of("ROSTER_CONFIG", file.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ROSTER_CONFIG")
                .hasMessageContaining("ROSTER_PROT")
                .hasMessageContaining("did you mean ROSTER_PORT?");
        assertThatThrownBy(() -> load(Map.of("ROSTER_CONFIG", dir.resolve("missing").toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ROSTER_CONFIG")
                .hasMessageContaining("cannot read");
    }
}
