package dev.roster.adapters.javalin.admin;

import dev.roster.adapters.javalin.RosterServer;
import dev.roster.adapters.javalin.support.TestNode;
import dev.roster.adapters.memory.InMemoryActivityFeed;
import dev.roster.application.service.UseCases;
import dev.roster.domain.Activity;
import dev.roster.domain.NodeBoot;
import dev.roster.domain.PresenceState;
import dev.roster.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A {@link TestNode} with the dashboard, and an activity feed the test can publish to. */
final class AdminNode implements AutoCloseable {
    static final String ADMIN_TOKEN = TestNode.ADMIN_TOKEN;

    final UseCases app;
    final AdminConsole admin;
    final RosterServer server;
    private final InMemoryActivityFeed feed = new InMemoryActivityFeed();
    private final TestNode node;

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
        AdminConsole[] console = new AdminConsole[1];
        node = TestNode.withRoutes(feed, (app, gateway) -> {
            console[0] = new AdminConsole(app.query(), app.adminDisconnect(), app.watchActivity(),
                    app.node(), ADMIN_TOKEN, Duration.ofSeconds(15),
                    gateway.frames(), time, viewerQueue);
            return console[0]::register;
        });
        admin = console[0];
        app = node.app;
        server = node.server;
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
            node.close();
            feed.close();
        }
    }
}
