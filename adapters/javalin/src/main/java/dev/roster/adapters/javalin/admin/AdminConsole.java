package dev.roster.adapters.javalin.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.adapters.javalin.http.HttpApi;
import dev.roster.adapters.javalin.http.Views;
import dev.roster.adapters.javalin.json.ServerFrames;
import dev.roster.application.port.in.AdminDisconnectUseCase;
import dev.roster.application.port.in.QueryPresenceUseCase;
import dev.roster.application.port.out.Activity;
import dev.roster.application.port.out.ActivityFeed;
import dev.roster.domain.NodeBoot;
import dev.roster.domain.RoomId;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The operators' dashboard at {@code /admin}: sign-in with the admin token for a signed cookie, the JSON the page
 * reads (summary, user search, a user, a room, the last hour's online count), the live activity feed as
 * server-sent events with resume, and the disconnect actions, which are CSRF-checked.
 */
public final class AdminConsole implements AutoCloseable {
    static final long SAMPLE_MILLIS = 10_000;
    static final long COUNT_EVENT_MILLIS = 5_000;
    private static final int LOG_CAPACITY = 10_000;
    private static final int BACKLOG = 200;
    /**
     * Events one feed may have waiting before it is dropped as too slow: room for a resume of the whole log and
     * as many live events again as a tenth of it, so that only a viewer that does not read is dropped.
     */
    static final int VIEWER_QUEUE = LOG_CAPACITY + LOG_CAPACITY / 10;
    private static final Set<String> OPEN_PATHS = Set.of("/admin/login", "/admin/login.html", "/admin/login.js", "/admin/admin.css");

    private final QueryPresenceUseCase query;
    private final AdminDisconnectUseCase adminDisconnect;
    private final Duration lease;
    private final AdminAuth auth;
    private final ObjectMapper json;
    private final ServerFrames frames;
    private final Views views;
    private final ActivityLog log;
    private final OnlineHistory history = new OnlineHistory(60 * 60 * 1000L);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("admin-timer"));
    // feed entries are written on their own thread, so the bus that brought them never waits for a browser; the
    // writes never block, so one slow browser never holds up the others
    private final ExecutorService sender = Executors.newSingleThreadExecutor(daemon("admin-feed"));
    private final Set<FeedViewer> feeds = ConcurrentHashMap.newKeySet();
    private final int viewerQueue;

    public AdminConsole(QueryPresenceUseCase query, AdminDisconnectUseCase adminDisconnect, ActivityFeed feed,
                        NodeBoot node, String adminToken, Duration lease, ServerFrames frames) {
        this(query, adminDisconnect, feed, node, adminToken, lease, frames, VIEWER_QUEUE);
    }

    /** @param viewerQueue how many events one feed may have waiting before it is dropped as too slow */
    AdminConsole(QueryPresenceUseCase query, AdminDisconnectUseCase adminDisconnect, ActivityFeed feed, NodeBoot node,
                 String adminToken, Duration lease, ServerFrames frames, int viewerQueue) {
        this.query = query;
        this.adminDisconnect = adminDisconnect;
        this.viewerQueue = viewerQueue;
        this.lease = lease;
        this.auth = new AdminAuth(adminToken);
        this.frames = frames;
        this.views = new Views(frames);
        this.json = frames.mapper();
        this.log = new ActivityLog(node.boot(), LOG_CAPACITY);
        feed.listen(log::add);
        timer.scheduleAtFixedRate(this::sample, 0, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
        timer.scheduleAtFixedRate(this::broadcastCount, COUNT_EVENT_MILLIS, COUNT_EVENT_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** Adds the dashboard's routes and pages to a Javalin configuration. */
    public void register(JavalinConfig cfg) {
        cfg.routes.before("/admin", this::guard);
        cfg.routes.before("/admin/*", this::guard);
        cfg.routes.get("/admin", ctx -> page(ctx, "web/admin/index.html"));
        cfg.routes.get("/admin/login", ctx -> page(ctx, "web/admin/login.html"));
        cfg.routes.post("/admin/login", this::login);
        cfg.routes.post("/admin/logout", this::logout);
        cfg.routes.get("/admin/api/session", ctx -> ctx.json(json.createObjectNode()
                .put("csrf", auth.csrfFor(ctx.cookie(AdminAuth.COOKIE)))));
        cfg.routes.get("/admin/api/summary", this::summary);
        cfg.routes.get("/admin/api/users", this::users);
        cfg.routes.get("/admin/api/users/{id}", this::user);
        cfg.routes.get("/admin/api/rooms/{room}", this::room);
        cfg.routes.get("/admin/api/history", this::historyJson);
        cfg.routes.delete("/admin/api/sessions/{id}", ctx -> disconnected(ctx,
                adminDisconnect.disconnectSession(SessionId.of(ctx.pathParam("id")))));
        cfg.routes.delete("/admin/api/users/{id}/sessions", ctx -> disconnected(ctx,
                adminDisconnect.disconnectUser(UserId.of(ctx.pathParam("id")))));
        cfg.routes.get("/admin/feed", this::feed);
    }

    /**
     * Everything under /admin but the sign-in needs the signed cookie (state changes also its CSRF token) or, for
     * scripts and back ends, the admin bearer token. Without either, a browser asking for a page is sent to the
     * sign-in form and anything else gets 401.
     */
    private void guard(Context ctx) {
        ctx.header("X-Frame-Options", "DENY").header("Referrer-Policy", "same-origin")
                .header("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; "
                        + "img-src 'self' data:; frame-ancestors 'none'");
        String path = ctx.path();
        if (OPEN_PATHS.contains(path) || auth.bearerAccepted(ctx.header("Authorization"))) {
            return;
        }
        String cookie = ctx.cookie(AdminAuth.COOKIE);
        String method = ctx.method().name();
        if (!auth.valid(cookie, System.currentTimeMillis())) {
            if (wantsPage(ctx, path, method)) {
                ctx.redirect("/admin/login", HttpStatus.SEE_OTHER);
            } else {
                ctx.header("WWW-Authenticate", "Bearer")
                        .status(HttpStatus.UNAUTHORIZED).json(error("unauthorized", "sign in at /admin/login"));
            }
            ctx.skipRemainingHandlers();
            return;
        }
        if (("POST".equals(method) || "DELETE".equals(method))
                && !auth.csrfValid(cookie, ctx.header(AdminAuth.CSRF_HEADER))) {
            ctx.status(HttpStatus.FORBIDDEN).json(error("csrf", "missing or wrong " + AdminAuth.CSRF_HEADER));
            ctx.skipRemainingHandlers();
        }
    }

    /** A browser navigating to a dashboard page (not a script calling its API or feed). */
    private static boolean wantsPage(Context ctx, String path, String method) {
        String accept = ctx.header("Accept");
        return "GET".equals(method) && !path.startsWith("/admin/api") && !path.startsWith("/admin/feed")
                && accept != null && accept.contains("text/html");
    }

    private void login(Context ctx) {
        if (!sameOrigin(ctx)) {
            ctx.status(HttpStatus.FORBIDDEN).json(error("origin", "sign-in from another site is refused"));
            return;
        }
        if (!auth.tokenMatches(ctx.formParam("token"))) {
            ctx.redirect("/admin/login?failed=1", HttpStatus.SEE_OTHER);
            return;
        }
        Cookie cookie = new Cookie(AdminAuth.COOKIE, auth.issue(System.currentTimeMillis()));
        cookie.setPath("/admin");
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        cookie.setSecure("https".equals(ctx.scheme()));
        cookie.setMaxAge((int) (AdminAuth.SESSION_MILLIS / 1000));
        ctx.cookie(cookie);
        ctx.redirect("/admin", HttpStatus.SEE_OTHER);
    }

    /** A browser always sends Origin on a form POST; one that names another site is a forged sign-in. */
    private static boolean sameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || "null".equals(origin)) {
            return origin == null;
        }
        String host = ctx.header("Host");
        return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
    }

    private void logout(Context ctx) {
        ctx.removeCookie(AdminAuth.COOKIE, "/admin");
        ctx.redirect("/admin/login", HttpStatus.SEE_OTHER);
    }

    private void summary(Context ctx) {
        long now = System.currentTimeMillis();
        ctx.future(() -> query.onlineCount().thenCombine(query.nodes(), (online, nodes) -> {
            ObjectNode body = json.createObjectNode().put("online", online).put("leaseMs", lease.toMillis());
            ArrayNode list = body.putArray("nodes");
            nodes.forEach(n -> list.addObject().put("node", n.node().value()).put("boot", n.boot())
                    .put("sessions", n.sessions()).put("heartbeatAt", n.heartbeatAt().toEpochMilli())
                    .put("leaseAgeMs", now - n.heartbeatAt().toEpochMilli()));
            ctx.json(body);
            return body;
        }).toCompletableFuture());
    }

    private void users(Context ctx) {
        String prefix = ctx.queryParam("prefix");
        int limit = HttpApi.limit(ctx.queryParam("limit"));
        ctx.future(() -> query.search(prefix == null ? "" : prefix.trim(), limit, ctx.queryParam("cursor"))
                .thenAccept(page -> {
                    ObjectNode body = json.createObjectNode();
                    ArrayNode list = body.putArray("users");
                    page.users().forEach(u -> list.add(views.userNode(u, false)));
                    body.put("next", page.next());
                    ctx.json(body);
                }).toCompletableFuture());
    }

    private void user(Context ctx) {
        UserId id = UserId.of(ctx.pathParam("id"));
        ctx.future(() -> query.user(id).thenAccept(u -> ctx.json(views.userNode(u, true))).toCompletableFuture());
    }

    private void room(Context ctx) {
        RoomId room = RoomId.of(ctx.pathParam("room"));
        ctx.future(() -> query.room(room).thenAccept(members -> {
            ObjectNode body = json.createObjectNode().put("room", room.value());
            body.set("members", frames.members(members));
            ctx.json(body);
        }).toCompletableFuture());
    }

    private void historyJson(Context ctx) {
        ObjectNode body = json.createObjectNode();
        ArrayNode points = body.putArray("points");
        history.points().forEach(p -> points.addArray().add(p.at()).add(p.online()));
        ctx.json(body);
    }

    private void disconnected(Context ctx, CompletionStage<Integer> closed) {
        ctx.future(() -> closed.thenAccept(n -> ctx.json(json.createObjectNode().put("closed", n)))
                .toCompletableFuture());
    }

    /**
     * The live feed as server-sent events. A client that accepts them (an EventSource, or anything that sends no
     * Accept header or a wildcard one) gets the stream; one that accepts only other types gets 406.
     */
    private void feed(Context ctx) {
        if (!acceptsEventStream(ctx.header("Accept"))) {
            ctx.status(HttpStatus.NOT_ACCEPTABLE).json(error("not_acceptable",
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
            });
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
        return ("id: " + log.idOf(entry) + "\nevent: presence\ndata: " + activityJson(entry.activity()) + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** How many feeds are open. */
    int viewers() {
        return feeds.size();
    }

    private void sample() {
        query.onlineCount().thenAccept(n -> history.record(System.currentTimeMillis(), n));
    }

    private void broadcastCount() {
        if (feeds.isEmpty()) {
            return;
        }
        query.onlineCount().thenAccept(n -> {
            String data = json.createObjectNode().put("online", n).put("at", System.currentTimeMillis()).toString();
            byte[] event = ("event: count\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
            feeds.forEach(viewer -> viewer.offer(event));
        });
    }

    private ObjectNode activityJson(Activity a) {
        ObjectNode node = json.createObjectNode().put("kind", a.kind());
        if (a.user() != null) {
            node.put("user", a.user().value());
        }
        if (Activity.NODE_REMOVED.equals(a.kind()) && a.text() != null) {
            // the record carries the number of users in its text; the feed names it
            node.put("node", a.node() == null ? null : a.node().value()).put("users", Integer.parseInt(a.text()))
                    .put("sessions", a.sessions() == null ? 0 : a.sessions());
            return node.put("at", a.at().toEpochMilli());
        }
        if (a.room() != null) {
            node.put("room", a.room().value());
        }
        if (a.state() != null) {
            node.put("state", a.state().wire());
        }
        if (a.text() != null) {
            node.put("text", a.text());
        }
        if (a.session() != null) {
            node.put("session", a.session().value());
        }
        if (a.node() != null) {
            node.put("node", a.node().value());
        }
        if (a.device() != null) {
            node.put("device", a.device());
        }
        if (a.sessions() != null) {
            node.put("sessions", a.sessions());
        }
        return node.put("at", a.at().toEpochMilli());
    }

    private ObjectNode error(String code, String message) {
        ObjectNode body = json.createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        return body;
    }

    private static void page(Context ctx, String resource) {
        try (InputStream in = AdminConsole.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                ctx.status(HttpStatus.NOT_FOUND).result("missing page " + resource);
                return;
            }
            ctx.header("Cache-Control", "no-store").contentType("text/html; charset=utf-8").result(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
        sender.shutdownNow();
        // the node closes this after its server stopped, which ended every feed's request already; any left are
        // ended without being written to again
        List.copyOf(feeds).forEach(FeedViewer::close);
        feeds.clear();
    }
}
