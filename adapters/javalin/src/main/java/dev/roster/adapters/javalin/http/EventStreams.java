package dev.roster.adapters.javalin.http;

import dev.roster.application.port.in.ReadEventsUseCase;
import dev.roster.domain.LoggedEvent;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code /api/events/stream} streams of one node: each client's {@link EventStream}, at most
 * {@link StreamLimits#maxStreams()} of them, on one thread of their own that reads the log and writes (without
 * blocking) for all of them, plus the keep-alives. Open streams are counted as {@code roster_events_streams}.
 *
 * <p>A stream resumes after the client's {@code Last-Event-ID} header, else its {@code after} parameter, else it
 * starts from now: a bare connect gets no history, only what is appended from then on (a back end that wants
 * history passes {@code after}, or reads it with {@code GET /api/events} first). Whether the log still keeps what
 * comes after the client's id is known before the stream starts: when it does not, the answer is a 410 with the
 * oldest id kept, not a stream.
 */
public final class EventStreams implements AutoCloseable {
    private final ReadEventsUseCase events;
    private final StreamLimits limits;
    private final Views views;
    private final ScheduledThreadPoolExecutor executor;
    private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
    /** Streams open or being opened: a slot is taken before the first read, so the bound holds under a burst. */
    private final AtomicInteger slots = new AtomicInteger();
    private volatile boolean closed;

    public EventStreams(ReadEventsUseCase events, StreamLimits limits, Views views, MeterRegistry registry) {
        this.events = events;
        this.limits = limits;
        this.views = views;
        this.executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = Executors.defaultThreadFactory().newThread(runnable);
            thread.setName("roster-event-streams");
            thread.setDaemon(true);
            return thread;
        });
        long every = limits.keepAlive().toMillis();
        executor.scheduleAtFixedRate(this::keepAlive, every, every, TimeUnit.MILLISECONDS);
        Gauge.builder("roster.events.streams", streams, Set::size)
                .description("open /api/events/stream streams on this node").register(registry);
    }

    /** Serves one stream (a HEAD is answered with the stream's headers alone). */
    void serve(Context ctx) {
        if (ctx.method().name().equals("HEAD")) {
            ctx.status(200).contentType("text/event-stream").header("Cache-Control", "no-store");
            return;
        }
        if (closed) {
            throw ApiException.unavailable("the node is stopping");
        }
        if (slots.incrementAndGet() > limits.maxStreams()) {
            slots.decrementAndGet();
            throw ApiException.tooMany("too_many_streams", "this node serves " + limits.maxStreams()
                    + " event streams at most; try again later, or on another node", 1);
        }
        String after = ctx.header("Last-Event-ID");
        if (after == null || after.isBlank()) {
            after = ctx.queryParam("after");
        }
        String from = after == null || after.isBlank() ? null : after.strip();
        CompletableFuture<Void> refused = new CompletableFuture<>();
        try {
            ctx.future(() -> {
                first(from).toCompletableFuture()
                        .orTimeout(HttpApi.ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                        .whenComplete((start, failure) -> {
                            if (failure != null) {
                                slots.decrementAndGet();
                                refused.completeExceptionally(HttpApi.refusal(failure));
                            } else {
                                start(ctx, start, refused);
                            }
                        });
                // completed only when the stream is refused before it starts; a stream ends its request itself
                return refused;
            });
        } catch (RuntimeException e) {
            slots.decrementAndGet();
            throw e;
        }
    }

    private record Start(List<LoggedEvent> first, String last) {
    }

    /** What the stream starts with: the events after the client's id, or none and the newest id now. */
    private CompletionStage<Start> first(String after) {
        try {
            return read(after);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletionStage<Start> read(String after) {
        if (after != null) {
            return events.read(after, ReadEventsUseCase.MAX_LIMIT)
                    .thenApply(batch -> new Start(batch, batch.isEmpty() ? after : batch.get(batch.size() - 1).id()));
        }
        return events.latest(1).thenApply(newest -> new Start(List.of(), newest.isEmpty() ? null
                : newest.get(newest.size() - 1).id()));
    }

    private void start(Context ctx, Start start, CompletableFuture<Void> refused) {
        if (closed) {
            slots.decrementAndGet();
            refused.completeExceptionally(ApiException.unavailable("the node is stopping"));
            return;
        }
        EventStream stream;
        try {
            stream = EventStream.start(ctx.req().getAsyncContext(), ctx.res(), events,
                    event -> views.write(views.event(event)), start.first(), start.last(), limits.maxQueuedBytes(),
                    executor, ended -> {
                        if (streams.remove(ended)) {
                            slots.decrementAndGet();
                        }
                    });
        } catch (IOException | RuntimeException e) {
            slots.decrementAndGet();
            refused.completeExceptionally(e);
            return;
        }
        streams.add(stream);
        if (stream.ended() && streams.remove(stream)) {
            // it ended while it was being started: the client left at once
            slots.decrementAndGet();
        }
        if (closed) {
            stream.close();
        }
    }

    private void keepAlive() {
        for (EventStream stream : streams) {
            stream.keepAlive();
        }
    }

    /** How many streams are open. */
    public int open() {
        return streams.size();
    }

    /** Ends every stream; the node is stopping. Called before the server stops, so each ends cleanly. */
    @Override
    public void close() {
        closed = true;
        List.copyOf(streams).forEach(EventStream::close);
        executor.shutdownNow();
    }
}
