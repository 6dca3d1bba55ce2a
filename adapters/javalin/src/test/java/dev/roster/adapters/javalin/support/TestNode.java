package dev.roster.adapters.javalin.support;

import dev.roster.adapters.javalin.RosterServer;
import dev.roster.adapters.javalin.WebSettings;
import dev.roster.adapters.javalin.WebUseCases;
import dev.roster.adapters.javalin.auth.DevAuthenticator;
import dev.roster.adapters.javalin.auth.SignInThrottle;
import dev.roster.adapters.javalin.gateway.JavalinClientGateway;
import dev.roster.adapters.javalin.http.FrontDoor;
import dev.roster.adapters.javalin.proxy.TrustedProxies;
import dev.roster.adapters.javalin.telemetry.MicrometerTelemetry;
import dev.roster.adapters.memory.InMemoryNodeLeases;
import dev.roster.adapters.memory.InMemoryPresenceEventBus;
import dev.roster.adapters.memory.InMemoryPresenceStore;
import dev.roster.adapters.memory.InMemoryRoomMessageBus;
import dev.roster.adapters.runtime.ExecutorScheduler;
import dev.roster.adapters.runtime.SystemClock;
import dev.roster.application.fixtures.SwitchableStore;
import dev.roster.application.port.in.EventDeliveryUseCase;
import dev.roster.application.port.in.QueryPresenceUseCase;
import dev.roster.application.port.in.ReadEventsUseCase;
import dev.roster.application.port.out.ActivityFeed;
import dev.roster.application.port.out.Authenticator;
import dev.roster.application.port.out.ControlBus;
import dev.roster.domain.NodeBoot;
import dev.roster.application.service.UseCases;
import dev.roster.domain.GracePeriod;
import dev.roster.domain.NodeId;
import io.javalin.config.JavalinConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One node on a free port: the real application over the in-memory adapters, with a store the test can make
 * unreachable or slow ({@link SwitchableStore}).
 */
public final class TestNode implements AutoCloseable {
    public static final String ADMIN_TOKEN = "test-admin-token";

    /** Adds routes of a later feature to the node's server, built from the node's use cases and gateway. */
    public interface Routes {
        Consumer<JavalinConfig> of(UseCases app, JavalinClientGateway gateway);
    }

    private static final Routes NO_ROUTES = (app, gateway) -> config -> { };

    public final SwitchableStore<InMemoryPresenceStore> store =
            new SwitchableStore<>(() -> new InMemoryPresenceStore(new SystemClock()));
    public final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    public final UseCases app;
    public final RosterServer server;
    private final ExecutorScheduler scheduler = new ExecutorScheduler();
    private final InMemoryPresenceEventBus presenceBus = new InMemoryPresenceEventBus();
    private final InMemoryRoomMessageBus messageBus = new InMemoryRoomMessageBus();
    private final HttpClient http = HttpClient.newHttpClient();

    private TestNode(Authenticator authenticator, ActivityFeed feed, WebSettings settings, Routes routes) {
        this(authenticator, feed, settings, routes, UnaryOperator.identity());
    }

    private TestNode(Authenticator authenticator, ActivityFeed feed, WebSettings settings, Routes routes,
                     UnaryOperator<WebUseCases> useCases) {
        JavalinClientGateway gateway = new JavalinClientGateway(registry);
        UseCases.Ports ports = new UseCases.Ports(store, store, presenceBus, messageBus, new InMemoryNodeLeases(),
                gateway, authenticator, new SystemClock(), scheduler, new MicrometerTelemetry(registry), feed,
                ControlBus.NONE, store);
        app = new UseCases(ports, new UseCases.Settings(
                new NodeBoot(NodeId.of("node-a"), "boot-1"), GracePeriod.ofMillis(0), Duration.ofSeconds(15)));
        app.housekeeping().start();
        WebUseCases web = useCases.apply(web(app));
        server = new RosterServer(web, gateway, registry, settings, routes.of(app, gateway)).start();
    }

    private static WebSettings settings(String allowedOrigins, Duration idleTimeout, Duration pingInterval,
                                        int maxThreads) {
        return new WebSettings(0, allowedOrigins, ADMIN_TOKEN, idleTimeout, pingInterval, maxThreads);
    }

    /** The use cases the web side drives, taken from the node's. */
    public static WebUseCases web(UseCases app) {
        return new WebUseCases(app.authenticate(), app.connect(), app.disconnect(), app.join(), app.leave(),
                app.setStatus(), app.say(), app.who(), app.query(), app.adminDisconnect(), app.health(),
                app.readEvents(), app.eventDelivery());
    }

    public static TestNode start(Authenticator authenticator, String allowedOrigins) {
        return new TestNode(authenticator, ActivityFeed.NONE,
                settings(allowedOrigins, Duration.ofSeconds(30), Duration.ofSeconds(10), 16), NO_ROUTES);
    }

    public static TestNode start(Authenticator authenticator, Duration idleTimeout, Duration pingInterval) {
        return new TestNode(authenticator, ActivityFeed.NONE, settings(null, idleTimeout, pingInterval, 16),
                NO_ROUTES);
    }

    public static TestNode withThreads(int maxThreads) {
        return new TestNode(new DevAuthenticator(), ActivityFeed.NONE,
                settings(null, Duration.ofSeconds(30), Duration.ofSeconds(10), maxThreads), NO_ROUTES);
    }

    /** A node whose activity goes to {@code feed} and whose server also takes the {@code routes}. */
    public static TestNode withRoutes(ActivityFeed feed, Routes routes) {
        return new TestNode(new DevAuthenticator(), feed,
                settings(null, Duration.ofSeconds(30), Duration.ofSeconds(10), 16), routes);
    }

    /** A node whose web side reaches presence queries only through {@code queries}, its metrics behind a token. */
    public static TestNode withQueries(UnaryOperator<QueryPresenceUseCase> queries, String metricsToken) {
        return new TestNode(new DevAuthenticator(), ActivityFeed.NONE, new WebSettings(0, null, ADMIN_TOKEN,
                Duration.ofSeconds(30), Duration.ofSeconds(10), 16, metricsToken), NO_ROUTES,
                web -> new WebUseCases(web.authenticate(), web.connect(), web.disconnect(), web.join(), web.leave(),
                        web.setStatus(), web.say(), web.who(), queries.apply(web.query()), web.adminDisconnect(),
                        web.health(), web.events(), web.delivery()));
    }

    /**
     * A node whose web side reads the event log {@code events} and shows the delivery {@code delivery}, with the
     * usual settings of a test node changed by {@code settings}.
     */
    public static TestNode withEvents(ReadEventsUseCase events, EventDeliveryUseCase delivery,
                                      UnaryOperator<WebSettings> settings) {
        // with the front door a node has, so that every answer carries its headers
        Routes frontDoor = (app, gateway) -> new FrontDoor(TrustedProxies.NONE,
                new SignInThrottle(new SimpleMeterRegistry()))::register;
        return new TestNode(new DevAuthenticator(), ActivityFeed.NONE,
                settings.apply(settings(null, Duration.ofSeconds(30), Duration.ofSeconds(10), 16)), frontDoor,
                web -> new WebUseCases(web.authenticate(), web.connect(), web.disconnect(), web.join(), web.leave(),
                        web.setStatus(), web.say(), web.who(), web.query(), web.adminDisconnect(), web.health(), events,
                        delivery));
    }

    /** A node whose web settings are the usual ones of a test node changed by {@code settings}. */
    public static TestNode withSettings(UnaryOperator<WebSettings> settings) {
        return withUseCases(UnaryOperator.identity(), settings);
    }

    /** A node whose web side drives the use cases {@code useCases} makes of the node's, with changed settings. */
    public static TestNode withUseCases(UnaryOperator<WebUseCases> useCases, UnaryOperator<WebSettings> settings) {
        return new TestNode(new DevAuthenticator(), ActivityFeed.NONE,
                settings.apply(settings(null, Duration.ofSeconds(30), Duration.ofSeconds(10), 16)), NO_ROUTES,
                useCases);
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

    /** Sends {@code method} to {@code path}, with the bearer {@code token} unless it is null. */
    public HttpResponse<String> send(String method, String path, String token) throws IOException,
            InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<Void> head(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding());
    }

    @Override
    public void close() {
        try {
            server.stop();
        } finally {
            app.housekeeping().stop();
            scheduler.close();
            presenceBus.close();
            messageBus.close();
        }
    }
}
