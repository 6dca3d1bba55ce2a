package dev.roster.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The event log's and the webhook's settings, read and checked at start. */
class EventSettingsTest {
    private static final String URL = "ROSTER_WEBHOOK_URL";
    private static final String SECRET = "ROSTER_WEBHOOK_SECRET";
    private static final String HOOK = "https://app.example/hooks/roster";
    private static final String WEBHOOK_SECRET = "whsec-0123456789abcdef0123456789ab";

    private static Config load(Map<String, String> env) {
        return Config.load(env, "host", new SecureRandom());
    }

    private static Map<String, String> withWebhook(String... more) {
        Map<String, String> env = new HashMap<>(Map.of(URL, HOOK, SECRET, WEBHOOK_SECRET));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    @Test
    void defaults_follow_the_contract_and_no_webhook_is_configured() {
        EventSettings events = load(Map.of()).events();

        assertThat(events.keep()).isEqualTo(100_000);
        assertThat(events.maxAge()).isEqualTo(Duration.ofSeconds(86_400));
        assertThat(events.webhook()).isNull();
        assertThat(events.delivers()).isFalse();
        assertThat(events.batch()).isEqualTo(100);
        assertThat(events.maxTries()).isEqualTo(12);
        assertThat(events.retryBase()).isEqualTo(Duration.ofMillis(1_000));
        assertThat(events.retryMax()).isEqualTo(Duration.ofMillis(60_000));
        assertThat(load(withWebhook()).events().webhook().timeout()).isEqualTo(Duration.ofMillis(5_000));
    }

    @Test
    void every_event_variable_is_read() {
        Config config = load(withWebhook("ROSTER_EVENTS_KEEP", "2500", "ROSTER_EVENTS_MAX_AGE_S", "3600",
                "ROSTER_WEBHOOK_TIMEOUT_MS", "750", "ROSTER_WEBHOOK_MAX_TRIES", "3", "ROSTER_WEBHOOK_RETRY_MS", "200",
                "ROSTER_WEBHOOK_RETRY_MAX_MS", "5000", "ROSTER_WEBHOOK_BATCH", "1000"));

        assertThat(config.warnings()).isEmpty();
        EventSettings events = config.events();
        assertThat(events.keep()).isEqualTo(2_500);
        assertThat(events.maxAge()).isEqualTo(Duration.ofHours(1));
        assertThat(events.delivers()).isTrue();
        assertThat(events.webhook().url()).isEqualTo(URI.create(HOOK));
        assertThat(events.webhook().secret()).isEqualTo(WEBHOOK_SECRET);
        assertThat(events.webhook().secretBytes()).isEqualTo(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8));
        assertThat(events.webhook().timeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(events.maxTries()).isEqualTo(3);
        assertThat(events.retryBase()).isEqualTo(Duration.ofMillis(200));
        assertThat(events.retryMax()).isEqualTo(Duration.ofMillis(5_000));
        assertThat(events.batch()).isEqualTo(1_000);
    }

    @ParameterizedTest
    @CsvSource({
        "ROSTER_EVENTS_KEEP, 99, between 100 and 100000000",
        "ROSTER_EVENTS_KEEP, 100000001, between 100 and 100000000",
        "ROSTER_EVENTS_KEEP, many, whole number",
        "ROSTER_EVENTS_MAX_AGE_S, -1, between 0 and 31536000",
        "ROSTER_EVENTS_MAX_AGE_S, 31536001, between 0 and 31536000",
        "ROSTER_WEBHOOK_TIMEOUT_MS, 0, between 1 and 60000",
        "ROSTER_WEBHOOK_TIMEOUT_MS, 60001, between 1 and 60000",
        "ROSTER_WEBHOOK_MAX_TRIES, 0, between 1 and 1000",
        "ROSTER_WEBHOOK_MAX_TRIES, 1001, between 1 and 1000",
        "ROSTER_WEBHOOK_RETRY_MS, 0, between 1 and 3600000",
        "ROSTER_WEBHOOK_RETRY_MS, 3600001, between 1 and 3600000",
        "ROSTER_WEBHOOK_RETRY_MAX_MS, 0, between 1 and 86400000",
        "ROSTER_WEBHOOK_RETRY_MAX_MS, 86400001, between 1 and 86400000",
        "ROSTER_WEBHOOK_RETRY_MAX_MS, 999, 'must be at least ROSTER_WEBHOOK_RETRY_MS (1000)'",
        "ROSTER_WEBHOOK_BATCH, 0, between 1 and 1000",
        "ROSTER_WEBHOOK_BATCH, 1001, between 1 and 1000",
        "ROSTER_WEBHOOK_URL, ftp://app.example/hooks, scheme ftp",
        "ROSTER_WEBHOOK_URL, app.example/hooks, absolute http",
        "ROSTER_WEBHOOK_URL, https:///hooks, with a host",
    })
    void a_bad_value_is_refused_naming_its_variable(String variable, String value, String expected) {
        assertThatThrownBy(() -> load(withWebhook(variable, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(variable)
                .hasMessageContaining(expected);
    }

    @Test
    void the_bounds_themselves_are_accepted() {
        EventSettings low = load(withWebhook("ROSTER_EVENTS_KEEP", "100", "ROSTER_EVENTS_MAX_AGE_S", "0",
                "ROSTER_WEBHOOK_TIMEOUT_MS", "1", "ROSTER_WEBHOOK_MAX_TRIES", "1", "ROSTER_WEBHOOK_RETRY_MS", "1",
                "ROSTER_WEBHOOK_RETRY_MAX_MS", "1", "ROSTER_WEBHOOK_BATCH", "1")).events();
        assertThat(low.keep()).isEqualTo(100);
        assertThat(low.maxAge()).as("no bound by age").isZero();
        assertThat(low.retryMax()).isEqualTo(low.retryBase());
        EventSettings high = load(withWebhook("ROSTER_EVENTS_KEEP", "100000000", "ROSTER_EVENTS_MAX_AGE_S",
                "31536000", "ROSTER_WEBHOOK_TIMEOUT_MS", "60000", "ROSTER_WEBHOOK_MAX_TRIES", "1000",
                "ROSTER_WEBHOOK_RETRY_MS", "3600000", "ROSTER_WEBHOOK_RETRY_MAX_MS", "86400000",
                "ROSTER_WEBHOOK_BATCH", "1000")).events();
        assertThat(high.keep()).isEqualTo(100_000_000);
        assertThat(high.batch()).isEqualTo(1_000);
    }

    @Test
    void a_webhook_without_its_secret_is_refused_naming_both_variables() {
        assertThatThrownBy(() -> load(Map.of(URL, HOOK)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ROSTER_WEBHOOK_URL is set but ROSTER_WEBHOOK_SECRET is not")
                .hasMessageContaining("at least 32 bytes");
    }

    @Test
    void a_secret_without_a_webhook_is_refused_rather_than_delivering_nothing_silently() {
        assertThatThrownBy(() -> load(Map.of(SECRET, WEBHOOK_SECRET)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ROSTER_WEBHOOK_SECRET is set but ROSTER_WEBHOOK_URL is not")
                .hasMessageNotContaining(WEBHOOK_SECRET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"short-secret", "0123456789abcdef0123456789abcde", "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"
            + "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"})
    void a_short_secret_is_refused_by_its_length_never_its_value(String secret) {
        assertThatThrownBy(() -> load(withWebhook(SECRET, secret)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ROSTER_WEBHOOK_SECRET must be at least 32 bytes (UTF-8), got "
                        + secret.getBytes(StandardCharsets.UTF_8).length)
                .hasMessageNotContaining(secret);
    }

    @Test
    void thirty_two_bytes_of_utf8_are_enough_even_in_fewer_characters() {
        String sixteenCharacters = "\u00e9".repeat(16);

        assertThat(load(withWebhook(SECRET, sixteenCharacters)).events().webhook().secret())
                .isEqualTo(sixteenCharacters);
    }

    @ParameterizedTest
    @ValueSource(strings = {URL, SECRET, "ROSTER_EVENTS_KEEP", "ROSTER_WEBHOOK_BATCH"})
    void a_blank_value_is_refused_naming_its_variable(String variable) {
        assertThatThrownBy(() -> load(withWebhook(variable, "  ")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(variable + " is set but empty");
    }

    @Test
    void neither_the_secret_nor_the_credentials_of_the_address_are_ever_shown() {
        String credentialed = "https://roster:hunter2@app.example:8443/hooks/roster?token=s3cret#x";
        Config config = load(withWebhook(URL, credentialed));

        assertThat(config.toString()).contains("https://app.example:8443/hooks/roster")
                .doesNotContain(WEBHOOK_SECRET, "hunter2", "s3cret");
        assertThat(config.events().webhook().shownUrl()).isEqualTo("https://app.example:8443/hooks/roster");
        assertThatThrownBy(() -> load(withWebhook(URL, "ftp://roster:hunter2@app.example/x?token=s3cret")))
                .hasMessageNotContaining("hunter2").hasMessageNotContaining("s3cret");
    }

    @Test
    void a_misspelt_event_variable_is_warned_with_the_name_meant() {
        Config config = load(Map.of("ROSTER_EVENT_KEEP", "500"));

        assertThat(config.warnings()).containsExactly(
                "unknown variable ROSTER_EVENT_KEEP is ignored; did you mean ROSTER_EVENTS_KEEP?");
    }
}
