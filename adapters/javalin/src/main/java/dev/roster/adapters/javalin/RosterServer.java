package dev.roster.adapters.javalin;

import dev.roster.adapters.javalin.auth.AdminToken;
import dev.roster.adapters.javalin.gateway.JavalinClientGateway;
import dev.roster.adapters.javalin.auth.OriginPolicy;
import dev.roster.adapters.javalin.http.EventStreams;
import dev.roster.adapters.javalin.http.HttpApi;
import dev.roster.adapters.javalin.http.Probes;
import dev.roster.adapters.javalin.http.StreamLimits;
import dev.roster.adapters.javalin.http.Views;
import dev.roster.adapters.javalin.limits.AddressLimits;
import dev.roster.adapters.javalin.logging.RateLimitedLog;
import dev.roster.adapters.javalin.metrics.OnlineUsersGauge;
import dev.roster.adapters.javalin.metrics.WsMetrics;
import dev.roster.adapters.javalin.ws.CloseCause;
import dev.roster.adapters.javalin.ws.Connection;
import dev.roster.adapters.javalin.ws.Connections;
import dev.roster.adapters.javalin.ws.FrameDispatcher;
import dev.roster.adapters.javalin.ws.Handshake;
import dev.roster.adapters.javalin.ws.WsEndpoint;
import dev.roster.application.port.in.NodeHealthUseCase;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The web side of one node: the {@code /ws} WebSocket (on Jetty's core WebSocket server, in front of Javalin), the
 * {@code /api} operator API with the event log and its streams, health probes and {@code /metrics} (on Javalin; the online gauge it shows is refreshed
 * here in the background, never by a scrape), all on one Jetty server and port. {@link #stop()} is graceful: every
 * socket is closed with 1001 and the node waits, for a bounded time, until their disconnects reached the application.
 */
public final class RosterServer implements AutoCloseable {
    static final Duration DRAIN_WAIT = Duration.ofSeconds(5);
    static final Duration ONLINE_REFRESH = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(RosterServer.class);
    /** A periodic task that fails fails again each period: one line a minute says so. */
    private static final RateLimitedLog PERIODIC_FAILURES = new RateLimitedLog(LOG, Level.WARN, Duration.ofMinutes(1));

    private final Connections connections;
    private final WsEndpoint endpoint;
    private final OnlineUsersGauge online;
    private final WsMetrics metrics;
    private final NodeHealthUseCase health;
    private final WebSettings settings;
    private final EventStreams streams;
    private final ScheduledExecutorService timers;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final Javalin javalin;
    private volatile boolean started;
    private volatile boolean stopping;

    public RosterServer(WebUseCases useCases, JavalinClientGateway gateway, PrometheusMeterRegistry registry,
                        WebSettings settings) {
        this(useCases, gateway, registry, settings, config -> { });
    }

    /**
     * @param extensions adds routes of later features (pages, dashboards) to the same Javalin configuration;
     *                   Javalin 7 takes routes only while it is being configured
     */
    public RosterServer(WebUseCases useCases, JavalinClientGateway gateway, PrometheusMeterRegistry registry,
                        WebSettings settings, Consumer<JavalinConfig> extensions) {
        this.connections = gateway.connections();
        this.health = useCases.health();
        this.settings = settings;
        this.timers = newTimers();
        FrameDispatcher dispatcher = new FrameDispatcher(useCases.join(), useCases.leave(), useCases.setStatus(),
                useCases.say(), useCases.who(), gateway.frames());
        this.endpoint = new WsEndpoint(useCases.connect(), useCases.disconnect(), dispatcher, connections,
                gateway.frames(), gateway.metrics(), timers, settings.idleTimeout(), settings.limits());
        this.metrics = gateway.metrics();
        this.online = new OnlineUsersGauge(useCases.query(), registry, metrics);
        bindJvmMetrics(registry);
        Handshake.Checks checks = new Handshake.Checks(new OriginPolicy(settings.allowedOrigins()),
                settings.proxies(), AddressLimits.of(settings.limits()), metrics);
        Handshake handshake = new Handshake(checks, useCases.authenticate(), endpoint, new Views(gateway.frames()),
                () -> stopping, health::storeAvailable);
        this.streams = new EventStreams(useCases.events(), settings.streams(), new Views(gateway.frames()), registry);
        HttpApi api = new HttpApi(useCases.query(), useCases.adminDisconnect(), useCases.events(),
                useCases.delivery(), streams, new AdminToken(settings.adminToken()), gateway.frames());
        Probes probes = new Probes(this::ready, registry,
                settings.metricsToken() == null ? null : new AdminToken(settings.metricsToken()), gateway.frames());
        this.javalin = Javalin.create(config -> {
            JettyTuning.apply(config, settings, handshake);
            api.registerDirectReads(config);
            api.register(config.routes);
            probes.register(config.routes);
            extensions.accept(config);
            // last: it takes whatever under /api no route above took
            api.registerUnmatched(config.routes);
        });
    }

    private void bindJvmMetrics(PrometheusMeterRegistry registry) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
    }

    private static ScheduledExecutorService newTimers() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = Executors.defaultThreadFactory().newThread(runnable);
            thread.setName("roster-ws-timers");
            thread.setDaemon(true);
            return thread;
        });
        // token expiries are cancelled when sockets close; keep the queue from holding them until they fall due
        // (the drops of clients that do not complete a close are not: they fall due within seconds)
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** Binds the port and starts pinging sockets and refreshing the online gauge. */
    public RosterServer start() {
        javalin.start();
        long ping = settings.pingInterval().toMillis();
        timers.scheduleAtFixedRate(quietly("keep_alive", endpoint::keepAlive), ping, ping, TimeUnit.MILLISECONDS);
        long refresh = ONLINE_REFRESH.toMillis();
        timers.scheduleAtFixedRate(quietly("online_count", online::refresh), 0, refresh, TimeUnit.MILLISECONDS);
        started = true;
        LOG.info("listening on port {}", port());
        return this;
    }

    public int port() {
        return javalin.port();
    }

    public Javalin javalin() {
        return javalin;
    }

    private boolean ready() {
        return started && !stopping && health.storeAvailable();
    }

    /**
     * Closes every socket with 1001 "server shutting down", waits (at most {@link #DRAIN_WAIT}) until their
     * disconnects reached the application, then stops Jetty. Calling it again does nothing.
     */
    public synchronized void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        for (Connection connection : connections.sockets()) {
            connection.close(1001, "server shutting down", CloseCause.SHUTDOWN);
        }
        if (!awaitDrained()) {
            LOG.warn("sockets or disconnects still pending after {}; stopping anyway", DRAIN_WAIT);
        }
        // the event streams end their responses cleanly before the server goes away under them
        streams.close();
        try {
            javalin.stop();
        } finally {
            timers.shutdownNow();
            gcMetrics.close();
        }
    }

    private boolean awaitDrained() {
        long deadline = System.nanoTime() + DRAIN_WAIT.toNanos();
        while (!connections.drained()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        stop();
    }

    private Runnable quietly(String name, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // a periodic task that throws is never run again; tell it and keep the schedule
                metrics.failed(name);
                PERIODIC_FAILURES.log("periodic task {} failed", name, e);
            }
        };
    }
}
