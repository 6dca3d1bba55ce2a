package dev.roster.adapters.javalin.admin;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The dashboard's live feed, {@code /admin/feed}: server-sent events to every open feed, each a {@link FeedViewer}.
 * A feed gets the recent activity (the newest lines, or, when it reconnects, what it missed) and then every line
 * as it is heard, and now and then the cluster's online count.
 *
 * <p>Events are written on the feed's own thread, so the bus that brought them never waits for a browser; the
 * writes never block, so one slow browser never holds up the others.
 */
final class LiveFeed implements AutoCloseable {
    /** Lines a feed that does not resume starts with: about the newest events of the cluster's log. */
    static final int BACKLOG = 50;

    private final ActivityLog log;
    private final ActivityView activities;
    private final AdminViews views;
    private final int viewerQueue;
    private final Runnable writeFailed;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(DaemonThreads.named("admin-feed"));
    private final Set<FeedViewer> feeds = ConcurrentHashMap.newKeySet();

    /**
     * @param viewerQueue how many events one feed may have waiting before it is dropped as too slow
     * @param writeFailed told when a write to a feed fails otherwise than by the browser going away
     */
    LiveFeed(ActivityLog log, ActivityView activities, AdminViews views, int viewerQueue, Runnable writeFailed) {
        this.log = log;
        this.activities = activities;
        this.views = views;
        this.viewerQueue = viewerQueue;
        this.writeFailed = writeFailed;
    }

    /**
     * Serves one feed. A client that accepts server-sent events (an EventSource, or anything that sends no Accept
     * header or a wildcard one) gets the stream; one that accepts only other types gets 406.
     */
    void serve(Context ctx) {
        if (!acceptsEventStream(ctx.header("Accept"))) {
            ctx.status(HttpStatus.NOT_ACCEPTABLE).json(views.error("not_acceptable",
                    "the feed is a text/event-stream; ask for it with Accept: text/event-stream"));
            return;
        }
        // a new EventSource cannot send the header, so a page that reopens its feed passes the id as a parameter
        String lastEventId = ctx.header("Last-Event-ID");
        if (lastEventId == null) {
            lastEventId = ctx.queryParam("lastEventId");
        }
        String resumeAfter = lastEventId;
        // the future is never completed: the viewer ends its request itself (see FeedViewer)
        ctx.future(() -> {
            startViewer(ctx, resumeAfter);
            return new CompletableFuture<Void>();
        });
    }

    private void startViewer(Context ctx, String lastEventId) {
        AtomicReference<FeedViewer> started = new AtomicReference<>();
        Consumer<ActivityLog.Entry> listener = entry -> started.get().offer(presenceEvent(entry));
        FeedViewer viewer;
        try {
            viewer = FeedViewer.start(ctx.req().getAsyncContext(), ctx.res(), viewerQueue, sender, ended -> {
                feeds.remove(ended);
                log.unsubscribe(listener);
            }, writeFailed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        started.set(viewer);
        feeds.add(viewer);
        // the backlog and the live entries are queued in one order, so the browser's Last-Event-ID is always the
        // newest entry it has and a resume neither skips nor repeats
        log.subscribe(log.parse(lastEventId), BACKLOG, listener);
        if (viewer.ended()) {
            // it ended while it was being subscribed: the browser left at once, or the backlog overfilled it
            log.unsubscribe(listener);
            feeds.remove(viewer);
        }
    }

    /** Whether an Accept header admits text/event-stream: absent, naming it, or a wildcard that covers it. */
    static boolean acceptsEventStream(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            boolean refused = false;
            for (int i = 1; i < parts.length; i++) {
                String param = parts[i].trim().replace(" ", "");
                if (param.matches("q=0(\\.0{0,3})?")) {
                    refused = true;
                }
            }
            if (!refused && (type.equals("text/event-stream") || type.equals("text/*") || type.equals("*/*"))) {
                return true;
            }
        }
        return false;
    }

    private byte[] presenceEvent(ActivityLog.Entry entry) {
        Object line = entry.event() != null ? activities.of(entry.event()) : activities.of(entry.activity());
        return ("id: " + log.idOf(entry) + "\nevent: presence\ndata: " + line + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Whether any feed is open, so that nothing is computed for none. */
    boolean watched() {
        return !feeds.isEmpty();
    }

    /** Sends every open feed the cluster's online count at a time, in epoch milliseconds. */
    void count(long online, long atMillis) {
        byte[] event = ("event: count\ndata: " + views.count(online, atMillis) + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
        feeds.forEach(viewer -> viewer.offer(event));
    }

    /** How many feeds are open. */
    int viewers() {
        return feeds.size();
    }

    @Override
    public void close() {
        sender.shutdownNow();
        // the node closes this after its server stopped, which ended every feed's request already; any left are
        // ended without being written to again
        List.copyOf(feeds).forEach(FeedViewer::close);
        feeds.clear();
    }
}
