package dev.roster.bootstrap;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Who may join which room under {@link AuthMode#JWT}, beyond what a token's {@code rooms} claim grants.
 *
 * @param url       the authorization hook ({@code ROSTER_AUTHZ_URL}) asked about each join the claim does not grant;
 *                  null for none
 * @param token     the bearer token sent to the hook ({@code ROSTER_AUTHZ_TOKEN}); null for none
 * @param timeout   how long the hook may take before the join is refused as {@code authz_unavailable}
 * @param cacheFor  how long an answer is kept per user and room; zero keeps none
 * @param roomsOpen whether a join nothing else allowed is allowed anyway ({@code ROSTER_ROOMS_OPEN})
 */
public record RoomAuthzSettings(URI url, String token, Duration timeout, Duration cacheFor, boolean roomsOpen) {
    static final String URL = "ROSTER_AUTHZ_URL";
    static final String TOKEN = "ROSTER_AUTHZ_TOKEN";
    static final String TIMEOUT = "ROSTER_AUTHZ_TIMEOUT_MS";
    static final String CACHE = "ROSTER_AUTHZ_CACHE_MS";
    static final String ROOMS_OPEN = "ROSTER_ROOMS_OPEN";
    static final List<String> VARIABLES = List.of(URL, TOKEN, TIMEOUT, CACHE, ROOMS_OPEN);

    public RoomAuthzSettings {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(cacheFor, "cacheFor");
    }

    static RoomAuthzSettings read(ConfigSource source) {
        return new RoomAuthzSettings(
                source.text(URL).map(raw -> HttpUrl.parse(URL, raw)).orElse(null),
                source.text(TOKEN).orElse(null),
                Duration.ofMillis(source.number(TIMEOUT, 1_000, 1, 60_000)),
                Duration.ofMillis(source.number(CACHE, 30_000, 0, 86_400_000)),
                source.flag(ROOMS_OPEN, false));
    }

    @Override
    public String toString() {
        return "RoomAuthzSettings[url=" + (url == null ? "none" : HttpUrl.redact(url))
                + ", token=" + (token == null ? "none" : "***") + ", timeout=" + timeout.toMillis()
                + "ms, cacheFor=" + cacheFor.toMillis() + "ms, roomsOpen=" + roomsOpen + "]";
    }
}
