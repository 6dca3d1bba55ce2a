package dev.roster.adapters.javalin.admin;

import dev.roster.adapters.javalin.auth.SignInThrottle;
import dev.roster.adapters.javalin.json.ServerFrames;
import dev.roster.adapters.javalin.metrics.WsMetrics;
import dev.roster.adapters.javalin.proxy.TrustedProxies;
import dev.roster.application.port.in.AdminDisconnectUseCase;
import dev.roster.application.port.in.EventDeliveryUseCase;
import dev.roster.application.port.in.QueryPresenceUseCase;
import dev.roster.application.port.in.ReadEventsUseCase;
import dev.roster.application.port.in.WatchActivityUseCase;
import dev.roster.domain.Activity;
import dev.roster.domain.NodeBoot;
import io.javalin.config.JavalinConfig;
import java.time.Duration;
import java.time.InstantSource;

/**
 * The operators' dashboard at {@code /admin}: sign-in with the admin token for a signed cookie, the JSON the page
 * reads, the live activity feed as server-sent events with resume, the webhook's delivery, and the disconnect
 * actions, which are CSRF-checked. This puts its parts together; its threads stop when it is closed.
 *
 * <p>The feed shows the cluster's event log (see {@link LogFollower}), and of the activity feed only what the log
 * does not have: the removal of a dead node.
 */
public final class AdminConsole implements AutoCloseable {
    private static final int LOG_CAPACITY = 10_000;
    /**
     * Events one feed may have waiting before it is dropped as too slow: room for a resume of the whole log and
     * as many live events again as a tenth of it, so that only a viewer that does not read is dropped.
     */
    static final int VIEWER_QUEUE = LOG_CAPACITY + LOG_CAPACITY / 10;

    private final LiveFeed feed;
    private final LogFollower follower;
    private final OnlineCountSampler counts;
    private final AdminRoutes routes;

    /**
     * @param boot  this run of this node, which numbers the feed's entries so that a resume from another run
     *              starts over
     * @param lease how long a node's lease lasts, which the dashboard shows next to each node's age
     * @param time  the time the sign-in and the dashboard's figures are reckoned in
     * @param metrics where a feed write that fails unexpectedly is counted ({@code dashboard_feed})
     * @param proxies the proxies whose {@code X-Forwarded-Proto} and {@code X-Forwarded-For} the sign-in believes
     * @param throttle where failed sign-ins are counted per address; the same one as the node's bearer tokens'
     */
    public AdminConsole(QueryPresenceUseCase query, AdminDisconnectUseCase disconnect, WatchActivityUseCase activity,
                        ReadEventsUseCase events, EventDeliveryUseCase delivery, NodeBoot boot, String adminToken,
                        Duration lease, ServerFrames frames, InstantSource time, WsMetrics metrics,
                        TrustedProxies proxies, SignInThrottle throttle) {
        this(query, disconnect, activity, events, delivery, boot, adminToken, lease, frames, time, VIEWER_QUEUE,
                () -> metrics.failed("dashboard_feed"), proxies, throttle);
    }

    /** @param viewerQueue how many events one feed may have waiting before it is dropped as too slow */
    AdminConsole(QueryPresenceUseCase query, AdminDisconnectUseCase disconnect, WatchActivityUseCase activity,
                 ReadEventsUseCase events, EventDeliveryUseCase delivery, NodeBoot boot, String adminToken,
                 Duration lease, ServerFrames frames, InstantSource time, int viewerQueue, TrustedProxies proxies,
                 SignInThrottle throttle) {
        this(query, disconnect, activity, events, delivery, boot, adminToken, lease, frames, time, viewerQueue,
                () -> { }, proxies, throttle);
    }

    private AdminConsole(QueryPresenceUseCase query, AdminDisconnectUseCase disconnect, WatchActivityUseCase activity,
                         ReadEventsUseCase events, EventDeliveryUseCase delivery, NodeBoot boot, String adminToken,
                         Duration lease, ServerFrames frames, InstantSource time, int viewerQueue,
                         Runnable feedWriteFailed, TrustedProxies proxies, SignInThrottle throttle) {
        AdminViews views = new AdminViews(frames);
        ActivityLog log = new ActivityLog(boot.boot(), LOG_CAPACITY);
        this.feed = new LiveFeed(log, new ActivityView(frames.mapper()), views, viewerQueue, feedWriteFailed);
        this.counts = new OnlineCountSampler(query, feed, time);
        AdminSignIn signIn = new AdminSignIn(new AdminAuth(adminToken), views, time, proxies, throttle);
        this.routes = new AdminRoutes(query, disconnect, delivery, signIn, feed, counts, views, lease, time);
        // every other line comes from the event log, the same on every node; a node's removal is not in it
        activity.watch(a -> {
            if (a instanceof Activity.NodeRemoved) {
                log.add(a);
            }
        });
        this.follower = new LogFollower(events, log::add);
        follower.start();
        counts.start();
    }

    /** Adds the dashboard's routes and pages to a Javalin configuration. */
    public void register(JavalinConfig cfg) {
        routes.register(cfg);
    }

    /** How many feeds are open. */
    int viewers() {
        return feed.viewers();
    }

    @Override
    public void close() {
        follower.close();
        counts.close();
        feed.close();
    }
}
