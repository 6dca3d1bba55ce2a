package dev.roster.adapters.hooks;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the room authorization hook is asked.
 *
 * @param url      the hook's address, {@code http} or {@code https}
 * @param token    sent as {@code Authorization: Bearer <token>}; null sends no such header
 * @param timeout  how long an answer may take, from the request to the end of its body
 * @param cacheFor how long an answer (allow or deny) is kept per user and room; zero keeps none
 */
public record HookSettings(URI url, String token, Duration timeout, Duration cacheFor) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(1000);
    public static final Duration DEFAULT_CACHE_FOR = Duration.ofMillis(30_000);
    /** The most answers kept at once: enough for every user of a busy node, bounded so no sweep can fill memory. */
    public static final int MAX_CACHED = 100_000;

    public HookSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(cacheFor, "cacheFor");
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || url.getHost() == null) {
            throw new IllegalArgumentException("the hook's url must be an http or https address, got "
                    + shown(url));
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the hook's timeout must be positive, got " + timeout.toMillis()
                    + " ms");
        }
        if (cacheFor.isNegative()) {
            throw new IllegalArgumentException("the hook's cache time must be 0 or more, got "
                    + cacheFor.toMillis() + " ms");
        }
        if (token != null && (token.isBlank() || token.chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
            // a header value cannot carry a control character, and a blank token would send "Bearer " alone
            throw new IllegalArgumentException("the hook's token must be text without control characters");
        }
    }

    /** The hook at {@code url} with the default timeout and cache time. */
    public static HookSettings at(URI url, String token) {
        return new HookSettings(url, token, DEFAULT_TIMEOUT, DEFAULT_CACHE_FOR);
    }

    /** The address as it may be logged: no user info, query or fragment, which may carry credentials. */
    public String shownUrl() {
        return shown(url);
    }

    static String shown(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme() + "://";
        String host = url.getHost() == null ? "?" : url.getHost();
        String port = url.getPort() >= 0 ? ":" + url.getPort() : "";
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        return scheme + host + port + path;
    }

    @Override
    public String toString() {
        // the token is a secret, and the address may hold one: neither whole in a log line
        return "HookSettings[url=" + shownUrl() + ", token=" + (token == null ? "none" : "set") + ", timeout="
                + timeout.toMillis() + " ms, cacheFor=" + cacheFor.toMillis() + " ms]";
    }
}
