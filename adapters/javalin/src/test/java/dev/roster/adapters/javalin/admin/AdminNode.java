package dev.roster.adapters.javalin.admin;

import dev.roster.adapters.javalin.auth.DevAuthenticator;
import dev.roster.adapters.javalin.gateway.JavalinClientGateway;
import dev.roster.adapters.javalin.telemetry.MicrometerTelemetry;
import dev.roster.adapters.javalin.RosterServer;
import dev.roster.adapters.javalin.WebSettings;
import dev.roster.adapters.javalin.support.ExecutorScheduler;
import dev.roster.adapters.javalin.support.FakeLeases;
import dev.roster.adapters.javalin.support.FakeStore;
import dev.roster.adapters.javalin.support.LoopbackBus;
import dev.roster.application.port.out.ActivityFeed;
import dev.roster.application.port.out.ControlBus;
import dev.roster.application.service.NodeIdentity;
import dev.roster.domain.Activity;
import dev.roster.adapters.javalin.support.TestNode;
import dev.roster.application.service.UseCases;
import dev.roster.domain.GracePeriod;
import dev.roster.domain.NodeBoot;
import dev.roster.domain.NodeId;
import dev.roster.domain.PresenceState;
import dev.roster.domain.UserId;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/** One node with the dashboard on a free port, over the test fakes, with a feed the test can publish to. */
final class AdminNode implements AutoCloseable {
    static final String ADMIN_TOKEN = "test-admin-token";

    final UseCases app;
    final AdminConsole admin;
    final RosterServer server;
    private final Feed feed = new Feed();
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(1);

    /** An activity feed that hands each activity to its listeners at once, on the publisher's thread. */
    private static final class Feed implements ActivityFeed {
        private final List<Consumer<Activity>> listeners = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<Void> publish(Activity activity) {
            listeners.forEach(l -> l.accept(activity));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void listen(Consumer<Activity> listener) {
            listeners.add(listener);
        }
    }

    AdminNode() {
        this(AdminConsole.VIEWER_QUEUE);
    }

    /** @param viewerQueue how many events one feed may have waiting before it is dropped as too slow */
    AdminNode(int viewerQueue) {
        this(viewerQueue, InstantSource.system());
    }

    /**
     * @param viewerQueue how many events one feed may have waiting before it is dropped as too slow
     * @param time        the time the dashboard reckons in
     */
    AdminNode(int viewerQueue, InstantSource time) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        FakeStore store = new FakeStore();
        JavalinClientGateway gateway = new JavalinClientGateway(registry);
        UseCases.Ports ports = new UseCases.Ports(store, store, new LoopbackBus.Presence(),
                new LoopbackBus.Messages(), new FakeLeases(), gateway, new DevAuthenticator(), Instant::now,
                new ExecutorScheduler(executor), new MicrometerTelemetry(registry), feed, ControlBus.NONE, store);
        app = new UseCases(ports, new UseCases.Settings(
                new NodeIdentity(NodeId.of("node-a"), "boot-1"), GracePeriod.ofMillis(0), Duration.ofSeconds(15)));
        app.housekeeping().start();
        admin = new AdminConsole(app.query(), app.adminDisconnect(), app.watchActivity(),
                new NodeBoot(app.node().node(), app.node().boot()), ADMIN_TOKEN, Duration.ofSeconds(15),
                gateway.frames(), time, viewerQueue);
        server = new RosterServer(TestNode.web(app), gateway, registry, new WebSettings(0, null, ADMIN_TOKEN,
                Duration.ofSeconds(30), Duration.ofSeconds(10), 16), admin::register).start();
    }

    int port() {
        return server.port();
    }

    /** Publishes one line of activity about {@code user}, as another node's event would arrive. */
    void activity(String user) {
        feed.publish(new Activity.CameOnline(UserId.of(user), PresenceState.ONLINE, Instant.now()));
    }

    @Override
    public void close() {
        try {
            server.stop();
        } finally {
            admin.close();
            app.housekeeping().stop();
            executor.shutdownNow();
        }
    }
}
