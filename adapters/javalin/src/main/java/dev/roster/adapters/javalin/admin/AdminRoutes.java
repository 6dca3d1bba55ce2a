package dev.roster.adapters.javalin.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.adapters.javalin.http.HttpApi;
import dev.roster.application.port.in.AdminDisconnectUseCase;
import dev.roster.application.port.in.EventDeliveryUseCase;
import dev.roster.application.port.in.QueryPresenceUseCase;
import dev.roster.domain.RoomId;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CompletionStage;

/**
 * The dashboard's routes: its pages, the JSON its page reads (summary, user search, a user, a room, the last hour's
 * online count, the webhook's delivery), the disconnect actions and the live feed, every one behind the sign-in. (The security headers
 * every answer of the node carries are added in front of all routes.)
 */
final class AdminRoutes {
    /** How many of the newest dead letters the dashboard shows. */
    static final int DEAD_LETTERS_SHOWN = 10;
    private final QueryPresenceUseCase query;
    private final AdminDisconnectUseCase disconnect;
    private final EventDeliveryUseCase delivery;
    private final AdminSignIn signIn;
    private final LiveFeed feed;
    private final OnlineCountSampler counts;
    private final AdminViews views;
    private final Duration lease;
    private final InstantSource time;

    AdminRoutes(QueryPresenceUseCase query, AdminDisconnectUseCase disconnect, EventDeliveryUseCase delivery,
                AdminSignIn signIn, LiveFeed feed, OnlineCountSampler counts, AdminViews views, Duration lease,
                InstantSource time) {
        this.query = query;
        this.disconnect = disconnect;
        this.delivery = delivery;
        this.signIn = signIn;
        this.feed = feed;
        this.counts = counts;
        this.views = views;
        this.lease = lease;
        this.time = time;
    }

    void register(JavalinConfig cfg) {
        cfg.routes.before("/admin", signIn::guard);
        cfg.routes.before("/admin/*", signIn::guard);
        cfg.routes.get("/admin", ctx -> page(ctx, "web/admin/index.html"));
        cfg.routes.get("/admin/login", ctx -> page(ctx, "web/admin/login.html"));
        cfg.routes.post("/admin/login", signIn::login);
        cfg.routes.post("/admin/logout", signIn::logout);
        cfg.routes.get("/admin/api/session", signIn::session);
        cfg.routes.get("/admin/api/summary", this::summary);
        cfg.routes.get("/admin/api/users", this::users);
        cfg.routes.get("/admin/api/users/{id}", this::user);
        cfg.routes.get("/admin/api/rooms/{room}", this::room);
        cfg.routes.get("/admin/api/history", ctx -> ctx.json(views.history(counts.points())));
        cfg.routes.get("/admin/api/webhooks", this::webhooks);
        cfg.routes.delete("/admin/api/sessions/{id}", ctx -> disconnected(ctx,
                disconnect.disconnectSession(SessionId.of(ctx.pathParam("id")))));
        cfg.routes.delete("/admin/api/users/{id}/sessions", ctx -> disconnected(ctx,
                disconnect.disconnectUser(UserId.of(ctx.pathParam("id")))));
        cfg.routes.get("/admin/feed", feed::serve);
    }

    private void summary(Context ctx) {
        long now = time.millis();
        ctx.future(() -> query.onlineCount().thenCombine(query.nodes(), (online, nodes) -> {
            ObjectNode body = views.summary(online, nodes, lease, now);
            ctx.json(body);
            return body;
        }).toCompletableFuture());
    }

    private void users(Context ctx) {
        String prefix = ctx.queryParam("prefix");
        int limit = HttpApi.limit(ctx.queryParam("limit"));
        ctx.future(() -> query.search(prefix == null ? "" : prefix.trim(), limit, ctx.queryParam("cursor"))
                .thenAccept(page -> ctx.json(views.users(page))).toCompletableFuture());
    }

    /** The webhook's delivery and its newest dead letters, for the dashboard's webhook panel. */
    private void webhooks(Context ctx) {
        boolean enabled = delivery.enabled();
        ctx.future(() -> delivery.status().thenCombine(delivery.deadLetters(DEAD_LETTERS_SHOWN),
                (status, letters) -> {
                    ObjectNode body = views.webhooks(enabled, status, letters);
                    ctx.json(body);
                    return body;
                }).toCompletableFuture());
    }

    private void user(Context ctx) {
        UserId id = UserId.of(ctx.pathParam("id"));
        ctx.future(() -> query.user(id).thenAccept(u -> ctx.json(views.user(u))).toCompletableFuture());
    }

    private void room(Context ctx) {
        RoomId room = RoomId.of(ctx.pathParam("room"));
        ctx.future(() -> query.room(room).thenAccept(members -> ctx.json(views.room(room, members)))
                .toCompletableFuture());
    }

    private void disconnected(Context ctx, CompletionStage<Integer> closed) {
        ctx.future(() -> closed.thenAccept(n -> ctx.json(views.closed(n))).toCompletableFuture());
    }

    private static void page(Context ctx, String resource) {
        try (InputStream in = AdminRoutes.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                ctx.status(HttpStatus.NOT_FOUND).result("missing page " + resource);
                return;
            }
            ctx.header("Cache-Control", "no-store").contentType("text/html; charset=utf-8").result(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
