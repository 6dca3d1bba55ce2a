package dev.roster.adapters.javalin.support;

import dev.roster.adapters.javalin.auth.DevAuthenticator;
import dev.roster.adapters.javalin.gateway.JavalinClientGateway;
import dev.roster.adapters.javalin.telemetry.MicrometerTelemetry;
import dev.roster.adapters.javalin.RosterServer;
import dev.roster.adapters.javalin.WebSettings;
import dev.roster.adapters.javalin.WebUseCases;
import dev.roster.application.port.out.Authenticator;
import dev.roster.application.service.NodeIdentity;
import dev.roster.application.port.out.ActivityFeed;
import dev.roster.application.port.out.ControlBus;
import dev.roster.application.service.UseCases;
import dev.roster.domain.GracePeriod;
import dev.roster.domain.NodeId;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** One node on a free port with the real application over the test's small fakes. */
public final class TestNode implements AutoCloseable {
    public static final String ADMIN_TOKEN = "test-admin-token";

    public final FakeStore store = new FakeStore();
    public final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    public final UseCases app;
    public final RosterServer server;
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(1);
    private final HttpClient http = HttpClient.newHttpClient();

    private TestNode(Authenticator authenticator, String allowedOrigins, Duration idleTimeout, Duration pingInterval,
                     int maxThreads) {
        JavalinClientGateway gateway = new JavalinClientGateway(registry);
        UseCases.Ports ports = new UseCases.Ports(store, store, new LoopbackBus.Presence(),
                new LoopbackBus.Messages(), new FakeLeases(), gateway, authenticator, Instant::now,
                new ExecutorScheduler(executor), new MicrometerTelemetry(registry), ActivityFeed.NONE,
                ControlBus.NONE, store);
        app = new UseCases(ports, new UseCases.Settings(
                new NodeIdentity(NodeId.of("node-a"), "boot-1"), GracePeriod.ofMillis(0), Duration.ofSeconds(15)));
        app.housekeeping().start();
        server = new RosterServer(web(app), gateway, registry, new WebSettings(0, allowedOrigins, ADMIN_TOKEN,
                idleTimeout, pingInterval, maxThreads)).start();
    }

    /** The use cases the web side drives, taken from the node's. */
    public static WebUseCases web(UseCases app) {
        return new WebUseCases(app.authenticate(), app.connect(), app.disconnect(), app.join(), app.leave(),
                app.setStatus(), app.say(), app.who(), app.query(), app.adminDisconnect(), app.health());
    }

    public static TestNode start(Authenticator authenticator, String allowedOrigins) {
        return new TestNode(authenticator, allowedOrigins, Duration.ofSeconds(30), Duration.ofSeconds(10), 16);
    }

    public static TestNode start(Authenticator authenticator, Duration idleTimeout, Duration pingInterval) {
        return new TestNode(authenticator, null, idleTimeout, pingInterval, 16);
    }

    public static TestNode withThreads(int maxThreads) {
        return new TestNode(new DevAuthenticator(), null, Duration.ofSeconds(30), Duration.ofSeconds(10), maxThreads);
    }

    public URI ws(String query) {
        return URI.create("ws://127.0.0.1:" + server.port() + "/ws?" + query);
    }

    public HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        try {
            server.stop();
        } finally {
            app.housekeeping().stop();
            executor.shutdownNow();
        }
    }
}
