package dev.roster.adapters.javalin.admin;

import dev.roster.application.port.in.QueryPresenceUseCase;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Asks for the cluster's online count on a timer of its own: every {@link #SAMPLE_MILLIS} for the last hour's chart,
 * and every {@link #COUNT_EVENT_MILLIS} for the live feeds, while any is open.
 */
final class OnlineCountSampler implements AutoCloseable {
    static final long SAMPLE_MILLIS = 10_000;
    static final long COUNT_EVENT_MILLIS = 5_000;
    private static final long WINDOW_MILLIS = 60 * 60 * 1000L;

    private final QueryPresenceUseCase query;
    private final LiveFeed feed;
    private final InstantSource time;
    private final OnlineHistory history = new OnlineHistory(WINDOW_MILLIS);
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("admin-timer"));

    OnlineCountSampler(QueryPresenceUseCase query, LiveFeed feed, InstantSource time) {
        this.query = query;
        this.feed = feed;
        this.time = time;
    }

    /** Starts the timer: a first sample at once. */
    OnlineCountSampler start() {
        timer.scheduleAtFixedRate(this::sample, 0, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
        timer.scheduleAtFixedRate(this::broadcastCount, COUNT_EVENT_MILLIS, COUNT_EVENT_MILLIS,
                TimeUnit.MILLISECONDS);
        return this;
    }

    /** The samples of the last hour, oldest first. */
    List<OnlineHistory.Point> points() {
        return history.points();
    }

    private void sample() {
        query.onlineCount().thenAccept(n -> history.record(time.millis(), n));
    }

    private void broadcastCount() {
        if (!feed.watched()) {
            return;
        }
        query.onlineCount().thenAccept(n -> feed.count(n, time.millis()));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
