package dev.roster.adapters.javalin.admin;

import dev.roster.adapters.javalin.RosterServer;
import dev.roster.adapters.javalin.auth.SignInThrottle;
import dev.roster.adapters.javalin.http.FrontDoor;
import dev.roster.adapters.javalin.proxy.TrustedProxies;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.roster.adapters.javalin.support.FakeDelivery;
import dev.roster.adapters.javalin.support.FakeEventLog;
import dev.roster.adapters.javalin.support.TestNode;
import dev.roster.adapters.memory.InMemoryActivityFeed;
import dev.roster.application.service.UseCases;
import dev.roster.domain.Activity;
import dev.roster.domain.NodeBoot;
import dev.roster.domain.NodeId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * A {@link TestNode} with the dashboard and the {@link FrontDoor} in front of it, as a node has them, an event log
 * and an activity feed the test can publish to, and a webhook delivery it sets.
 */
final class AdminNode implements AutoCloseable {
    static final String ADMIN_TOKEN = TestNode.ADMIN_TOKEN;

    final UseCases app;
    final AdminConsole admin;
    final RosterServer server;
    final SignInThrottle throttle;
    /** Where the default throttle counts. */
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final TestNode node;
    /** The cluster's event log, which the dashboard's feed shows. */
    final FakeEventLog log;
    final FakeDelivery delivery = new FakeDelivery();
    private final boolean ownLog;
    private final InMemoryActivityFeed feed = new InMemoryActivityFeed();

    AdminNode() {
        this(AdminConsole.VIEWER_QUEUE);
    }

    /** A node whose dashboard reads {@code log}, which it shares with others, as nodes share a store. */
    AdminNode(FakeEventLog log) {
        this(AdminConsole.VIEWER_QUEUE, InstantSource.system(), TrustedProxies.NONE, null, log);
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
        this(viewerQueue, time, TrustedProxies.NONE, null);
    }

    /**
     * @param proxies  the proxies the node believes
     * @param throttle the sign-in throttle; null for the default one, counted in {@link #meters}
     */
    AdminNode(int viewerQueue, InstantSource time, TrustedProxies proxies, SignInThrottle throttle) {
        this(viewerQueue, time, proxies, throttle, null);
    }

    /** @param log the cluster's event log; null for one of the node's own, closed with it */
    private AdminNode(int viewerQueue, InstantSource time, TrustedProxies proxies, SignInThrottle throttle,
                      FakeEventLog log) {
        this.ownLog = log == null;
        this.log = log == null ? new FakeEventLog() : log;
        AdminConsole[] console = new AdminConsole[1];
        SignInThrottle[] throttles = new SignInThrottle[1];
        node = TestNode.withRoutes(feed, (app, gateway) -> {
            throttles[0] = throttle != null ? throttle : new SignInThrottle(meters);
            console[0] = new AdminConsole(app.query(), app.adminDisconnect(), app.watchActivity(), this.log, delivery,
                    app.node(), ADMIN_TOKEN, Duration.ofSeconds(15),
                    gateway.frames(), time, viewerQueue, proxies, throttles[0]);
            FrontDoor door = new FrontDoor(proxies, throttles[0]);
            return config -> {
                WebPages.register(config);
                console[0].register(config);
                door.register(config);
            };
        });
        admin = console[0];
        this.throttle = throttles[0];
        app = node.app;
        server = node.server;
    }

    int port() {
        return server.port();
    }

    /** Appends that {@code user} came online to the cluster's event log, as any node's event would be. */
    void activity(String user) {
        log.online(user);
    }

    /** Publishes that a node was removed, which only the activity feed tells. */
    void nodeRemoved(String node, int users, int sessions) {
        feed.publish(new Activity.NodeRemoved(NodeId.of(node), users, sessions, Instant.now()));
    }

    /** Publishes an activity on the activity feed. */
    void publish(Activity activity) {
        feed.publish(activity);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } finally {
            admin.close();
            node.close();
            feed.close();
            if (ownLog) {
                log.close();
            }
        }
    }
}
