package dev.roster.adapters.javalin;

import dev.roster.adapters.javalin.http.StreamLimits;
import dev.roster.adapters.javalin.limits.WebLimits;
import dev.roster.adapters.javalin.proxy.TrustedProxies;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the web side of a node.
 *
 * @param port           the HTTP and WebSocket port; 0 binds a free one
 * @param allowedOrigins the raw {@code ROSTER_ALLOWED_ORIGINS}: null means same origin only, {@code *} allows every
 *                       origin, otherwise a comma-separated list of origins
 * @param adminToken     the bearer token that guards {@code /api}
 * @param idleTimeout    a WebSocket with no traffic at all for this long is closed
 * @param pingInterval   how often the server pings every WebSocket, so that live but quiet clients stay open
 * @param maxThreads     the size of Jetty's thread pool
 * @param metricsToken   the bearer token that guards {@code /metrics}; null leaves it open
 * @param limits         what one client address and one WebSocket may take
 * @param proxies        the proxies whose {@code X-Forwarded-For} and {@code X-Forwarded-Proto} are believed
 * @param streams        what the {@code /api/events/stream} streams may take
 */
public record WebSettings(int port, String allowedOrigins, String adminToken, Duration idleTimeout,
                          Duration pingInterval, int maxThreads, String metricsToken, WebLimits limits,
                          TrustedProxies proxies, StreamLimits streams) {
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(20);
    public static final int DEFAULT_MAX_THREADS = 16;
    /** Jetty needs a few threads for its acceptor and selector before it can serve anything. */
    public static final int MIN_THREADS = 4;

    public WebSettings {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
        }
        if (adminToken == null || adminToken.isBlank()) {
            throw new IllegalArgumentException("an admin token is required");
        }
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(pingInterval, "pingInterval");
        if (pingInterval.isNegative() || pingInterval.isZero()) {
            throw new IllegalArgumentException("pingInterval must be positive");
        }
        if (idleTimeout.compareTo(pingInterval) <= 0) {
            throw new IllegalArgumentException("idleTimeout (" + idleTimeout + ") must be longer than pingInterval ("
                    + pingInterval + "), or quiet clients would be dropped between two pings");
        }
        if (maxThreads < MIN_THREADS) {
            throw new IllegalArgumentException("maxThreads must be at least " + MIN_THREADS + ", got " + maxThreads);
        }
        if (metricsToken != null && metricsToken.isBlank()) {
            throw new IllegalArgumentException("a metrics token must not be blank; leave it null for open metrics");
        }
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(proxies, "proxies");
        Objects.requireNonNull(streams, "streams");
    }

    /** Settings with the default stream limits. */
    public WebSettings(int port, String allowedOrigins, String adminToken, Duration idleTimeout,
                       Duration pingInterval, int maxThreads, String metricsToken, WebLimits limits,
                       TrustedProxies proxies) {
        this(port, allowedOrigins, adminToken, idleTimeout, pingInterval, maxThreads, metricsToken, limits, proxies,
                StreamLimits.DEFAULTS);
    }

    /** Settings with the default limits and no trusted proxy. */
    public WebSettings(int port, String allowedOrigins, String adminToken, Duration idleTimeout,
                       Duration pingInterval, int maxThreads, String metricsToken) {
        this(port, allowedOrigins, adminToken, idleTimeout, pingInterval, maxThreads, metricsToken,
                WebLimits.DEFAULTS, TrustedProxies.NONE);
    }

    /** Settings with {@code /metrics} open, the default limits and no trusted proxy. */
    public WebSettings(int port, String allowedOrigins, String adminToken, Duration idleTimeout,
                       Duration pingInterval, int maxThreads) {
        this(port, allowedOrigins, adminToken, idleTimeout, pingInterval, maxThreads, null);
    }

    /** These settings with {@code limits} instead. */
    public WebSettings withLimits(WebLimits limits) {
        return new WebSettings(port, allowedOrigins, adminToken, idleTimeout, pingInterval, maxThreads, metricsToken,
                limits, proxies, streams);
    }

    /** These settings believing the forwarded headers of {@code proxies}. */
    public WebSettings withProxies(TrustedProxies proxies) {
        return new WebSettings(port, allowedOrigins, adminToken, idleTimeout, pingInterval, maxThreads, metricsToken,
                limits, proxies, streams);
    }

    /** These settings with the event streams' limits {@code streams} instead. */
    public WebSettings withStreams(StreamLimits streams) {
        return new WebSettings(port, allowedOrigins, adminToken, idleTimeout, pingInterval, maxThreads, metricsToken,
                limits, proxies, streams);
    }

    /** Settings with the default idle timeout (60 s), ping interval (20 s) and thread pool (16), metrics open. */
    public static WebSettings of(int port, String allowedOrigins, String adminToken) {
        return new WebSettings(port, allowedOrigins, adminToken, DEFAULT_IDLE_TIMEOUT, DEFAULT_PING_INTERVAL,
                DEFAULT_MAX_THREADS);
    }
}
