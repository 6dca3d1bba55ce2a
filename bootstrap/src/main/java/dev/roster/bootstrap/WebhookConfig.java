package dev.roster.bootstrap;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * The webhook the event log is POSTed to.
 *
 * @param url     where ({@code ROSTER_WEBHOOK_URL}), http or https
 * @param secret  the key of the {@code Roster-Signature} HMAC ({@code ROSTER_WEBHOOK_SECRET}), at least
 *                {@link #MIN_SECRET_BYTES} bytes of UTF-8
 * @param timeout how long one delivery may take ({@code ROSTER_WEBHOOK_TIMEOUT_MS})
 */
public record WebhookConfig(URI url, String secret, Duration timeout) {
    static final int MIN_SECRET_BYTES = 32;

    public WebhookConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** The secret as the HMAC is keyed with it. */
    byte[] secretBytes() {
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The address as it may be logged: no user info, query or fragment. */
    String shownUrl() {
        return HttpUrl.redact(url);
    }

    @Override
    public String toString() {
        return "WebhookConfig[url=" + shownUrl() + ", secret=***, timeout=" + timeout.toMillis() + "ms]";
    }
}
