package dev.roster.bootstrap;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The event log and its delivery: how much of the log is kept, and where and how it is delivered.
 *
 * @param keep      about how many of the latest events the log keeps ({@code ROSTER_EVENTS_KEEP}); trimming may
 *                  keep somewhat more, never fewer
 * @param maxAge    how long an event is kept at most ({@code ROSTER_EVENTS_MAX_AGE_S}); zero for no bound by age
 * @param webhook   the webhook the log is POSTed to; null when {@code ROSTER_WEBHOOK_URL} is not set
 * @param batch     the most events one delivery carries ({@code ROSTER_WEBHOOK_BATCH})
 * @param maxTries  how often a batch is tried before it is parked as a dead letter ({@code ROSTER_WEBHOOK_MAX_TRIES})
 * @param retryBase the wait before the first retry, doubled for each next one ({@code ROSTER_WEBHOOK_RETRY_MS})
 * @param retryMax  the longest wait between two tries ({@code ROSTER_WEBHOOK_RETRY_MAX_MS})
 */
public record EventSettings(int keep, Duration maxAge, WebhookConfig webhook, int batch, int maxTries,
                            Duration retryBase, Duration retryMax) {
    static final String KEEP = "ROSTER_EVENTS_KEEP";
    static final String MAX_AGE = "ROSTER_EVENTS_MAX_AGE_S";
    static final String URL = "ROSTER_WEBHOOK_URL";
    static final String SECRET = "ROSTER_WEBHOOK_SECRET";
    static final String TIMEOUT = "ROSTER_WEBHOOK_TIMEOUT_MS";
    static final String MAX_TRIES = "ROSTER_WEBHOOK_MAX_TRIES";
    static final String RETRY = "ROSTER_WEBHOOK_RETRY_MS";
    static final String RETRY_MAX = "ROSTER_WEBHOOK_RETRY_MAX_MS";
    static final String BATCH = "ROSTER_WEBHOOK_BATCH";
    static final List<String> VARIABLES = List.of(KEEP, MAX_AGE, URL, SECRET, TIMEOUT, MAX_TRIES, RETRY, RETRY_MAX,
            BATCH);

    public static final int DEFAULT_KEEP = 100_000;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(1);

    public EventSettings {
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(retryBase, "retryBase");
        Objects.requireNonNull(retryMax, "retryMax");
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative, got " + maxAge);
        }
    }

    static EventSettings read(ConfigSource source) {
        int keep = (int) source.number(KEEP, DEFAULT_KEEP, 100, 100_000_000);
        // zero: no bound by age, only by count, as both logs take it
        Duration maxAge = Duration.ofSeconds(source.number(MAX_AGE, DEFAULT_MAX_AGE.toSeconds(), 0, 31_536_000));
        Duration retryBase = Duration.ofMillis(source.number(RETRY, 1_000, 1, 3_600_000));
        Duration retryMax = Duration.ofMillis(source.number(RETRY_MAX, 60_000, 1, 86_400_000));
        if (retryMax.compareTo(retryBase) < 0) {
            throw new ConfigException(RETRY_MAX + " (" + retryMax.toMillis() + ") must be at least " + RETRY + " ("
                    + retryBase.toMillis() + "), the wait before the first retry");
        }
        return new EventSettings(keep, maxAge, webhook(source),
                (int) source.number(BATCH, 100, 1, 1_000),
                (int) source.number(MAX_TRIES, 12, 1, 1_000),
                retryBase,
                retryMax);
    }

    private static WebhookConfig webhook(ConfigSource source) {
        Duration timeout = Duration.ofMillis(source.number(TIMEOUT, 5_000, 1, 60_000));
        String secret = source.text(SECRET).orElse(null);
        if (!source.has(URL)) {
            if (secret != null) {
                // a secret with nowhere to go is most likely a URL that failed to arrive: say so rather than run
                // a node that silently delivers nothing
                throw new ConfigException(SECRET + " is set but " + URL + " is not; set " + URL
                        + " to deliver events to a webhook, or unset " + SECRET);
            }
            return null;
        }
        URI url = HttpUrl.parse(URL, source.text(URL).orElseThrow());
        if (secret == null) {
            throw new ConfigException(URL + " is set but " + SECRET + " is not; every delivery is signed with it. "
                    + "Use a random value of at least " + WebhookConfig.MIN_SECRET_BYTES
                    + " bytes, e.g. openssl rand -hex 32");
        }
        int secretBytes = secret.getBytes(StandardCharsets.UTF_8).length;
        if (secretBytes < WebhookConfig.MIN_SECRET_BYTES) {
            // the length only: the value is a secret, and a short one is still most of one
            throw new ConfigException(SECRET + " must be at least " + WebhookConfig.MIN_SECRET_BYTES
                    + " bytes (UTF-8), got " + secretBytes + "; use a random value, e.g. openssl rand -hex 32");
        }
        return new WebhookConfig(url, secret, timeout);
    }

    /** Whether events are delivered anywhere. */
    public boolean delivers() {
        return webhook != null;
    }

    @Override
    public String toString() {
        return "EventSettings[keep=" + keep + ", maxAge=" + (maxAge.isZero() ? "none" : maxAge.toSeconds() + "s")
                + ", webhook="
                + (webhook == null ? "none" : webhook) + ", batch=" + batch + ", maxTries=" + maxTries
                + ", retryBase=" + retryBase.toMillis() + "ms, retryMax=" + retryMax.toMillis() + "ms]";
    }
}
