package dev.roster.adapters.javalin.http;

import dev.roster.adapters.javalin.auth.AdminToken;
import dev.roster.adapters.javalin.json.ServerFrames;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.BooleanSupplier;

/**
 * What operators and orchestrators poll: liveness and readiness without a token, and Prometheus metrics, guarded
 * by a bearer token when one is set. A scrape renders what the meters hold and never reaches the store, so an
 * unauthenticated caller cannot make the node load it.
 */
public final class Probes {
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final BooleanSupplier ready;
    private final PrometheusMeterRegistry registry;
    private final AdminToken metricsToken;
    private final Views views;

    /** @param metricsToken the bearer token {@code /metrics} needs; null leaves it open */
    public Probes(BooleanSupplier ready, PrometheusMeterRegistry registry, AdminToken metricsToken,
                  ServerFrames json) {
        this.ready = ready;
        this.registry = registry;
        this.metricsToken = metricsToken;
        this.views = new Views(json);
    }

    public void register(RoutesConfig routes) {
        routes.get("/health/live", ctx -> ctx.contentType(HttpApi.JSON).result(views.status("live")));
        routes.get("/health/ready", ctx -> {
            boolean isReady = ready.getAsBoolean();
            ctx.status(isReady ? 200 : 503).contentType(HttpApi.JSON)
                    .result(views.status(isReady ? "ready" : "unavailable"));
        });
        // Javalin's own answer to a HEAD that only a GET route matches is an empty 200 that runs nothing: a probe
        // sending HEAD would see a node that is not ready as ready
        routes.head("/health/live", ctx -> ctx.contentType(HttpApi.JSON));
        routes.head("/health/ready", ctx -> ctx.status(ready.getAsBoolean() ? 200 : 503).contentType(HttpApi.JSON));
        routes.get("/metrics", ctx -> {
            authorize(ctx);
            ctx.contentType(PROMETHEUS_TEXT).result(registry.scrape());
        });
        // Javalin would answer HEAD for the GET route without running it, so past the token: HEAD asks the same
        routes.head("/metrics", ctx -> {
            authorize(ctx);
            ctx.contentType(PROMETHEUS_TEXT);
        });
    }

    private void authorize(Context ctx) {
        if (metricsToken != null && !metricsToken.accepts(ctx.header("Authorization"))) {
            throw ApiException.unauthorized("a valid metrics bearer token is required");
        }
    }
}
