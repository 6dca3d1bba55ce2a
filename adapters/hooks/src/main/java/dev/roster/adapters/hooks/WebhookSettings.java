package dev.roster.adapters.hooks;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where and how the event log is POSTed to an application's webhook.
 *
 * @param url     the receiver's address, {@code http} or {@code https}
 * @param secret  the key of the {@code Roster-Signature} HMAC, at least {@link #MIN_SECRET_BYTES} bytes
 * @param timeout how long one delivery may take, from connecting to the end of the answer
 */
public record WebhookSettings(URI url, byte[] secret, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(5000);
    /** As long as the HMAC-SHA256 output: a shorter key is easier to guess than the signature it makes. */
    public static final int MIN_SECRET_BYTES = 32;

    public WebhookSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(timeout, "timeout");
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || url.getHost() == null) {
            throw new IllegalArgumentException("the webhook's url must be an http or https address, got "
                    + HookSettings.shown(url));
        }
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the webhook's secret must be at least " + MIN_SECRET_BYTES
                    + " bytes, got " + secret.length);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the webhook's timeout must be positive, got " + timeout.toMillis()
                    + " ms");
        }
        // a copy: the caller's array may be wiped or reused, and the signatures must not change with it
        secret = secret.clone();
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    /** The address as it may be logged: no user info, query or fragment, which may carry credentials. */
    public String shownUrl() {
        return HookSettings.shown(url);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WebhookSettings that && url.equals(that.url) && Arrays.equals(secret, that.secret)
                && timeout.equals(that.timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, Arrays.hashCode(secret), timeout);
    }

    @Override
    public String toString() {
        // the secret signs every delivery, and the address may hold a credential: neither whole in a log line
        return "WebhookSettings[url=" + shownUrl() + ", secret=***, timeout=" + timeout.toMillis() + " ms]";
    }
}
