package dev.roster.adapters.javalin.http;

import dev.roster.adapters.javalin.auth.AdminToken;
import dev.roster.adapters.javalin.json.ServerFrames;
import dev.roster.application.port.in.AdminDisconnectUseCase;
import dev.roster.application.port.in.EventDeliveryUseCase;
import dev.roster.application.port.in.QueryPresenceUseCase;
import dev.roster.application.port.in.ReadEventsUseCase;
import dev.roster.domain.EventsGoneException;
import dev.roster.domain.StoreUnavailableException;
import dev.roster.domain.DomainException;
import dev.roster.domain.RoomId;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import jakarta.servlet.AsyncContext;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The operator API under {@code /api}, guarded by the admin bearer token. Every handler answers asynchronously,
 * and every failure becomes an explicit status with a JSON error body, never a 200.
 */
public final class HttpApi {
    public static final int DEFAULT_LIMIT = 100;
    /** Dead letters listed unless asked for fewer or more. */
    public static final int DEFAULT_DEAD_LETTERS = 100;
    /** A page of a room's members holds this many unless asked for fewer. */
    public static final int DEFAULT_ROOM_LIMIT = QueryPresenceUseCase.MAX_PAGE;
    /** A store that does not answer in this time is reported as unavailable rather than holding the request. */
    static final Duration ANSWER_WAIT = Duration.ofSeconds(10);
    static final String JSON = "application/json";

    private final QueryPresenceUseCase query;
    private final AdminDisconnectUseCase disconnect;
    private final ReadEventsUseCase events;
    private final EventDeliveryUseCase delivery;
    private final EventStreams streams;
    private final AdminToken token;
    private final Views views;
    private final ApiPaths paths = new ApiPaths();
    private final ApiDescription description = new ApiDescription();

    /**
     * @param events   the event log, read by {@code /api/events}
     * @param delivery the webhook's delivery, shown by {@code /api/webhooks}
     * @param streams  the node's {@code /api/events/stream} streams, over the same log
     */
    public HttpApi(QueryPresenceUseCase query, AdminDisconnectUseCase disconnect, ReadEventsUseCase events,
                   EventDeliveryUseCase delivery, EventStreams streams, AdminToken token, ServerFrames json) {
        this.query = query;
        this.disconnect = disconnect;
        this.events = events;
        this.delivery = delivery;
        this.streams = streams;
        this.token = token;
        this.views = new Views(json);
    }

    public void register(RoutesConfig routes) {
        routes.before("/api", this::authorize);
        routes.before("/api/*", this::authorize);
        route(routes, HandlerType.GET, "/api/users/{id}", ctx -> {
            UserId user = UserId.of(ctx.pathParam("id"));
            answer(ctx, query.user(user), views::user);
        });
        route(routes, HandlerType.GET, "/api/online", ctx -> {
            int limit = limit(ctx.queryParam("limit"));
            String cursor = ctx.queryParam("cursor");
            answer(ctx, query.online(limit, cursor == null || cursor.isEmpty() ? null : cursor), views::online);
        });
        route(routes, HandlerType.GET, "/api/online/count",
                ctx -> answer(ctx, query.onlineCount(), views::count));
        route(routes, HandlerType.GET, "/api/rooms/{room}", ctx -> {
            RoomId room = RoomId.of(ctx.pathParam("room"));
            int limit = limit(ctx.queryParam("limit"), DEFAULT_ROOM_LIMIT);
            String cursor = ctx.queryParam("cursor");
            answer(ctx, query.room(room, limit, cursor == null || cursor.isEmpty() ? null : cursor),
                    page -> views.room(room, page));
        });
        route(routes, HandlerType.GET, "/api/nodes", ctx -> answer(ctx, query.nodes(), views::nodes));
        route(routes, HandlerType.DELETE, "/api/users/{id}/sessions", ctx -> {
            UserId user = UserId.of(ctx.pathParam("id"));
            answer(ctx, disconnect.disconnectUser(user), views::closed);
        });
        route(routes, HandlerType.DELETE, "/api/sessions/{id}", ctx -> {
            SessionId session = SessionId.of(ctx.pathParam("id"));
            answer(ctx, disconnect.disconnectSession(session), views::closed);
        });
        route(routes, HandlerType.GET, "/api/events", ctx -> {
            int limit = limit(ctx.queryParam("limit"), DEFAULT_LIMIT, ReadEventsUseCase.MAX_LIMIT);
            String raw = ctx.queryParam("after");
            String after = raw == null || raw.isBlank() ? null : raw.strip();
            answer(ctx, read(() -> events.read(after, limit)), page -> views.events(page, after));
        });
        route(routes, HandlerType.GET, "/api/events/stream", streams::serve);
        route(routes, HandlerType.GET, "/api/webhooks", ctx -> answer(ctx, delivery.status(),
                status -> views.write(views.delivery(delivery.enabled(), status))));
        route(routes, HandlerType.GET, "/api/webhooks/dead", ctx -> {
            int limit = limit(ctx.queryParam("limit"), DEFAULT_DEAD_LETTERS, ReadEventsUseCase.MAX_LIMIT);
            answer(ctx, delivery.deadLetters(limit), letters -> views.write(views.deadLetters(letters)));
        });
        route(routes, HandlerType.GET, ApiDescription.PATH, description::serve);
        registerErrors(routes);
    }

    /**
     * Puts {@link DirectReads} in front of the framework: the API's presence reads, when plain and authorized, are
     * answered by the server directly; everything else goes on to the routes of {@link #register}. Must come after
     * the WebSocket upgrade's handler and before the {@link FrontDoor}, which must see every answer.
     */
    public void registerDirectReads(JavalinConfig config) {
        config.jetty.modifyServer(server -> {
            DirectReads direct = new DirectReads(query, token, views);
            direct.setHandler(server.getHandler());
            server.setHandler(direct);
        });
    }

    /**
     * Answers every request under {@code /api} that no route took with the API's JSON error: 404 {@code not_found}
     * for a path the API does not have, 405 {@code method_not_allowed} with {@code Allow} for one it has. The router
     * takes the first route that matches, so this goes after every other route of the server.
     */
    public void registerUnmatched(RoutesConfig routes) {
        for (HandlerType method : HandlerType.values()) {
            if (method.isHttpMethod()) {
                routes.addHttpHandler(method, "/api", this::unmatched);
                routes.addHttpHandler(method, "/api/*", this::unmatched);
            }
        }
    }

    /**
     * Adds a route and notes its path and method. A GET route answers HEAD too, by running: the router's own answer
     * to a HEAD that only a GET route matches is an empty 200 that runs nothing, whatever GET would have said.
     */
    private void route(RoutesConfig routes, HandlerType method, String path, Handler handler) {
        paths.add(method.name(), path);
        routes.addHttpHandler(method, path, handler);
        if (method.equals(HandlerType.GET)) {
            paths.add(HandlerType.HEAD.name(), path);
            routes.addHttpHandler(HandlerType.HEAD, path, handler);
        }
    }

    private void unmatched(Context ctx) {
        Set<String> allowed = paths.methodsAt(ctx.path());
        if (allowed.isEmpty()) {
            error(ctx, 404, "not_found", "no such path in the API: " + ctx.path());
            return;
        }
        String methods = String.join(", ", allowed);
        ctx.header("Allow", methods);
        error(ctx, 405, "method_not_allowed", ctx.method().name() + " is not allowed on this path; allowed: "
                + methods);
    }

    private void registerErrors(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> {
            if (e.status() == 401) {
                ctx.header("WWW-Authenticate", "Bearer");
            }
            // a 429 of the API keeps the API's error body, as the sign-in throttle's does
            if (e.retryAfterSeconds() > 0) {
                ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
            }
            error(ctx, e.status(), e.code(), e.getMessage());
        });
        routes.exception(EventsGoneException.class, (e, ctx) -> ctx.status(410).contentType(JSON)
                .result(views.gone("the event log no longer keeps the events after that id; start again from "
                        + "oldest", e.oldest())));
        routes.exception(DomainException.class, (e, ctx) -> error(ctx, 400, "bad_request", e.getMessage()));
        routes.exception(QueryPresenceUseCase.BadCursorException.class,
                (e, ctx) -> error(ctx, 400, "bad_request", e.getMessage()));
        routes.exception(StoreUnavailableException.class, (e, ctx) ->
                error(ctx, 503, "unavailable", "the presence store is unavailable; try again"));
        routes.exception(TimeoutException.class, (e, ctx) ->
                error(ctx, 503, "unavailable", "the presence store did not answer in time; try again"));
        routes.exception(Exception.class, new InternalErrors(views));
    }

    private void authorize(Context ctx) {
        if (!token.accepts(ctx.header("Authorization"))) {
            throw ApiException.unauthorized("a valid admin bearer token is required");
        }
    }

    /** The {@code limit} query parameter of a paged request; a bad one is a 400. */
    public static int limit(String raw) {
        return limit(raw, DEFAULT_LIMIT);
    }

    /** The {@code limit} query parameter of a paged request, {@code byDefault} when absent; a bad one is a 400. */
    public static int limit(String raw, int byDefault) {
        return limit(raw, byDefault, QueryPresenceUseCase.MAX_PAGE);
    }

    /** The {@code limit} query parameter, 1 to {@code max}, {@code byDefault} when absent; a bad one is a 400. */
    static int limit(String raw, int byDefault, int max) {
        if (raw == null || raw.isEmpty()) {
            return byDefault;
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below, like any other bad limit
        }
        throw ApiException.badRequest("limit must be a whole number from 1 to " + max);
    }

    /** A read of the event log, whose id the log does not know (not one of its ids at all) is a 400. */
    private static <T> CompletionStage<T> read(Supplier<CompletionStage<T>> read) {
        CompletionStage<T> stage;
        try {
            stage = read.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(refusal(e));
        }
        return stage.handle((value, failure) -> {
            if (failure == null) {
                return value;
            }
            throw new CompletionException(refusal(failure));
        });
    }

    /**
     * What a failed read of the event log is answered with: the failure itself (unwrapped), but an id the log does
     * not know, which is the client's mistake: 400.
     */
    static Throwable refusal(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof IllegalArgumentException) {
            return ApiException.badRequest("after is not an id of this event log");
        }
        return cause;
    }

    /**
     * Answers with the body made of the value once it is there. The body is made, and the answer written (by the
     * framework, on whichever thread completes the stage returned to it), on one of the server's own threads, not on
     * the thread that completed {@code value}: that is the store's, and with Redis one thread for every answer of
     * the node, which then also spent its time building the body and writing the answer to the socket, one request
     * after another. Under 64 keep-alive clients on {@code /api/users/{id}} that thread held two thirds of the
     * node's CPU samples and set the rate of the whole API (docs/BENCHMARKS.md, "HTTP API under keep-alive load").
     */
    private static <T> void answer(Context ctx, CompletionStage<T> value, Function<T, String> body) {
        ctx.future(() -> {
            CompletableFuture<T> answer = value.toCompletableFuture()
                    .orTimeout(ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (!answer.isDone()) {
                // Javalin has started the request's async context before asking for this future
                AsyncContext async = ctx.req().getAsyncContext();
                answer = answer.whenCompleteAsync((result, failure) -> { }, async::start);
            }
            return answer.thenAccept(result -> ctx.status(200).contentType(JSON).result(body.apply(result)));
        });
    }

    private void error(Context ctx, int status, String code, String message) {
        ctx.status(status).contentType(JSON).result(views.error(code, message));
    }
}
