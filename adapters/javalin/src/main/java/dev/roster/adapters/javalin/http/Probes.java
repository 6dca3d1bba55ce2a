package dev.roster.adapters.javalin.http;

import dev.roster.adapters.javalin.json.ServerFrames;
import dev.roster.adapters.javalin.metrics.OnlineUsersGauge;
import io.javalin.config.RoutesConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.BooleanSupplier;

/** What operators and orchestrators poll without a token: liveness, readiness and Prometheus metrics. */
public final class Probes {
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final BooleanSupplier ready;
    private final PrometheusMeterRegistry registry;
    private final OnlineUsersGauge online;
    private final Views views;

    public Probes(BooleanSupplier ready, PrometheusMeterRegistry registry, OnlineUsersGauge online, ServerFrames json) {
        this.ready = ready;
        this.registry = registry;
        this.online = online;
        this.views = new Views(json);
    }

    public void register(RoutesConfig routes) {
        routes.get("/health/live", ctx -> ctx.contentType(HttpApi.JSON).result(views.status("live")));
        routes.get("/health/ready", ctx -> {
            boolean isReady = ready.getAsBoolean();
            ctx.status(isReady ? 200 : 503).contentType(HttpApi.JSON)
                    .result(views.status(isReady ? "ready" : "unavailable"));
        });
        routes.get("/metrics", ctx -> ctx.future(() -> online.refresh()
                .thenAccept(done -> ctx.contentType(PROMETHEUS_TEXT).result(registry.scrape()))));
    }
}
