package dev.roster.adapters.javalin.http;

import dev.roster.adapters.javalin.auth.AdminToken;
import dev.roster.application.port.in.QueryPresenceUseCase;
import dev.roster.domain.DomainException;
import dev.roster.domain.StoreUnavailableException;
import dev.roster.domain.UserId;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The API's presence reads answered by the server directly, in front of the web framework: {@code GET} of
 * {@code /api/users/{id}}, {@code /api/online} and {@code /api/online/count}, when the request carries a valid admin
 * token and a plain path and query (only unreserved characters, nothing percent-encoded, each parameter at most once).
 * Everything else, refusals of the token or of a parameter included, goes on to the framework's routes, which
 * answer exactly as before: this path only ever answers 200, or the store's failure (400 for a cursor the store
 * refuses, 503 when it is unavailable or silent for {@link HttpApi#ANSWER_WAIT}, 500 for anything else) with the
 * same bodies as {@link HttpApi}.
 *
 * <p>Why: the framework answers an asynchronous request through the servlet's {@code AsyncContext} (its start, two
 * listeners, a hand-off to a server thread, its completion), schedules a timeout task per request, checks every
 * answer for compression and copies it through a 32 KB buffer. For the API's most frequent answers, small JSON
 * bodies that are never compressed, that was most of the difference in server CPU per answer between
 * {@code /api/users/{id}} and {@code /health/live} (docs/BENCHMARKS.md, "HTTP API under keep-alive load").
 * Here the store's answer is handed once to a server thread (the store's own thread must not write to sockets), the
 * body is written by the JSON generator straight into bytes, and the answer goes out in one write with its length.
 * An answer still pending after {@link HttpApi#ANSWER_WAIT} is failed by one sweep a second rather than by a task
 * scheduled per request.
 */
final class DirectReads extends Handler.Wrapper {
    static final String USERS = "/api/users/";
    static final String ONLINE = "/api/online";
    static final String COUNT = "/api/online/count";
    /** How often answers past their wait are looked for: the wait is {@link HttpApi#ANSWER_WAIT}, up to this more. */
    static final long SWEEP_MILLIS = 1_000;

    private final QueryPresenceUseCase query;
    private final AdminToken token;
    private final Views views;
    private final InternalErrors internal;
    private final Set<Pending> pending = ConcurrentHashMap.newKeySet();
    private final long waitNanos;
    private final long sweepMillis;
    private volatile Scheduler scheduler;

    DirectReads(QueryPresenceUseCase query, AdminToken token, Views views) {
        this(query, token, views, HttpApi.ANSWER_WAIT, Duration.ofMillis(SWEEP_MILLIS));
    }

    /** @param wait how long an answer is awaited; {@code sweep}, how often answers past it are looked for */
    DirectReads(QueryPresenceUseCase query, AdminToken token, Views views, Duration wait, Duration sweep) {
        this.query = query;
        this.token = token;
        this.views = views;
        this.internal = new InternalErrors(views);
        this.waitNanos = wait.toNanos();
        this.sweepMillis = Math.max(1, sweep.toMillis());
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        scheduler = getServer().getScheduler();
        scheduler.schedule(this::sweep, sweepMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() throws Exception {
        scheduler = null;
        super.doStop();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Read<?> read = HttpMethod.GET.is(request.getMethod()) ? read(request) : null;
        if (read == null) {
            return super.handle(request, response, callback);
        }
        answer(request, response, callback, read);
        return true;
    }

    /**
     * What the request asks for, or null when the framework's routes are to answer it. The token is checked last,
     * so that the other routes' requests are not hashed twice.
     */
    Read<?> read(Request request) {
        Read<?> read = route(request);
        return read != null && token.accepts(request.getHeaders().get(HttpHeader.AUTHORIZATION)) ? read : null;
    }

    private Read<?> route(Request request) {
        String path = request.getHttpURI().getPath();
        if (path == null || !path.startsWith("/api/")) {
            return null;
        }
        String query = request.getHttpURI().getQuery();
        if (!plain(query, true)) {
            return null;
        }
        try {
            if (path.startsWith(USERS) && query == null) {
                String id = path.substring(USERS.length());
                if (!plain(id, false) || id.isEmpty() || id.equals(".") || id.equals("..")) {
                    return null;
                }
                UserId user = UserId.of(id);
                return new Read<>(() -> this.query.user(user), views::userBytes);
            }
            if (path.equals(COUNT) && query == null) {
                return new Read<>(this.query::onlineCount, views::countBytes);
            }
            if (path.equals(ONLINE)) {
                String[] limitAndCursor = parameters(query);
                if (limitAndCursor == null) {
                    return null;
                }
                int limit = HttpApi.limit(limitAndCursor[0]);
                String cursor = limitAndCursor[1] == null || limitAndCursor[1].isEmpty() ? null : limitAndCursor[1];
                return new Read<>(() -> this.query.online(limit, cursor), views::onlineBytes);
            }
        } catch (DomainException | ApiException e) {
            // the framework's route refuses it, with its own words
            return null;
        }
        return null;
    }

    /** {@code limit} and {@code cursor} of a plain query, or null when it has anything else or either twice. */
    private static String[] parameters(String query) {
        String[] found = new String[2];
        if (query == null || query.isEmpty()) {
            return found;
        }
        for (String pair : query.split("&", -1)) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            int index = name.equals("limit") ? 0 : name.equals("cursor") ? 1 : -1;
            if (index < 0 || found[index] != null) {
                return null;
            }
            found[index] = value;
        }
        return found;
    }

    /**
     * Whether the text has only unreserved characters (letters, digits, {@code - . _ ~}), and in a query also
     * {@code =} and {@code &}: nothing that decoding would change. Null is plain.
     */
    static boolean plain(String text, boolean query) {
        if (text == null) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean unreserved = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~';
            if (!unreserved && !(query && (c == '=' || c == '&'))) {
                return false;
            }
        }
        return true;
    }

    private <T> void answer(Request request, Response response, Callback callback, Read<T> read) {
        CompletableFuture<T> answer;
        try {
            answer = read.store().ask().toCompletableFuture();
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        if (answer.isDone()) {
            respond(request, response, callback, read, answer);
            return;
        }
        Pending waiting = new Pending(answer, System.nanoTime() + waitNanos);
        pending.add(waiting);
        Executor server = request.getComponents().getExecutor();
        CompletableFuture<T> asked = answer;
        answer.whenComplete((value, failure) -> {
            pending.remove(waiting);
            Runnable respond = () -> respond(request, response, callback, read, asked);
            try {
                // the store's thread completed it: the body is made and written on one of the server's
                server.execute(respond);
            } catch (RejectedExecutionException stopping) {
                respond.run();
            }
        });
    }

    private <T> void respond(Request request, Response response, Callback callback, Read<T> read,
                             CompletableFuture<T> answer) {
        Throwable failure = null;
        try {
            T value;
            try {
                value = answer.join();
            } catch (CompletionException | CancellationException e) {
                value = null;
                failure = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            }
            if (failure == null) {
                write(response, callback, 200, read.body().apply(value));
            } else if (failure instanceof QueryPresenceUseCase.BadCursorException
                    || failure instanceof DomainException) {
                write(response, callback, 400, views.errorBytes("bad_request", failure.getMessage()));
            } else if (failure instanceof StoreUnavailableException) {
                write(response, callback, 503, views.errorBytes("unavailable",
                        "the presence store is unavailable; try again"));
            } else if (failure instanceof TimeoutException) {
                write(response, callback, 503, views.errorBytes("unavailable",
                        "the presence store did not answer in time; try again"));
            } else {
                internal(request, response, callback, failure);
            }
        } catch (RuntimeException e) {
            internal(request, response, callback, e);
        }
    }

    /** A failure no other answer knows: 500 {@code internal}, noted as the framework's routes note theirs. */
    private void internal(Request request, Response response, Callback callback, Throwable failure) {
        internal.noted("GET " + request.getHttpURI().getPath(), failure);
        try {
            write(response, callback, 500, views.errorBytes("internal", "internal error"));
        } catch (RuntimeException gone) {
            callback.failed(gone);
        }
    }

    private static void write(Response response, Callback callback, int status, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, HttpApi.JSON);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** Fails every answer pending past its wait, then comes again while the server runs. */
    private void sweep() {
        try {
            long now = System.nanoTime();
            for (Pending waiting : pending) {
                if (now - waiting.deadline() >= 0) {
                    pending.remove(waiting);
                    waiting.answer().completeExceptionally(new TimeoutException());
                }
            }
        } finally {
            Scheduler next = scheduler;
            if (next != null && isRunning()) {
                next.schedule(this::sweep, sweepMillis, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** How many answers are awaited now (for tests). */
    int pending() {
        return pending.size();
    }

    /** A read of the store and how its value becomes the body. */
    record Read<T>(Ask<T> store, Function<T, byte[]> body) {
    }

    @FunctionalInterface
    interface Ask<T> {
        CompletionStage<T> ask();
    }

    /** An answer awaited, with the time after which it is failed. Equal only to itself. */
    private static final class Pending {
        private final CompletableFuture<?> answer;
        private final long deadline;

        Pending(CompletableFuture<?> answer, long deadline) {
            this.answer = answer;
            this.deadline = deadline;
        }

        CompletableFuture<?> answer() {
            return answer;
        }

        long deadline() {
            return deadline;
        }
    }
}
