package dev.roster.adapters.javalin.metrics;

import dev.roster.application.port.in.QueryPresenceUseCase;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code roster_users_online}: the cluster's online count, as last read from the store. Reading it costs store
 * round trips, so only the node's own schedule refreshes it; a scrape reads the last value and never reaches the
 * store, however often {@code /metrics} is called.
 */
public final class OnlineUsersGauge {
    /** A store that hangs must not hold a refresh for long; the gauge keeps its last value then. */
    static final Duration REFRESH_WAIT = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(OnlineUsersGauge.class);

    private final QueryPresenceUseCase query;
    private final WsMetrics metrics;
    private final AtomicLong online = new AtomicLong();

    public OnlineUsersGauge(QueryPresenceUseCase query, MeterRegistry registry, WsMetrics metrics) {
        this.query = query;
        this.metrics = metrics;
        Gauge.builder("roster.users.online", online, AtomicLong::get)
                .description("users online across the cluster")
                .register(registry);
    }

    /** Reads the count again; completes normally even when the store fails. */
    public CompletableFuture<Void> refresh() {
        CompletableFuture<Long> count;
        try {
            count = query.onlineCount().toCompletableFuture();
        } catch (RuntimeException e) {
            count = CompletableFuture.failedFuture(e);
        }
        return count.orTimeout(REFRESH_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .handle((value, failure) -> {
                    if (failure == null) {
                        online.set(value);
                    } else {
                        // counted, and only a debug line: a store that is away is told by readiness and its own log
                        metrics.failed("online_count");
                        LOG.debug("could not refresh the online count", failure);
                    }
                    return null;
                });
    }
}
