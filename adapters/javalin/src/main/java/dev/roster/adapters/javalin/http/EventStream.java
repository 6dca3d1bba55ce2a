package dev.roster.adapters.javalin.http;

import dev.roster.adapters.javalin.limits.QueuedBytes;
import dev.roster.adapters.javalin.logging.RateLimitedLog;
import dev.roster.application.port.in.ReadEventsUseCase;
import dev.roster.domain.EventsGoneException;
import dev.roster.domain.LoggedEvent;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * One open {@code /api/events/stream} response: it follows the event log from the last id it sent, and writes each
 * event once, in the log's order, without a gap.
 *
 * <p>One read of the log is in flight at a time, always after the last id sent, so nothing is skipped or sent
 * twice; a signal that events were appended while a read runs marks "read again", and the read that ends looks at
 * it. A read starts only once what the last one queued has been written, so a client is sent the log as fast as it
 * takes it and no faster, and a stream never holds more than one read's events (up to 1000). Nothing here blocks
 * or holds a server thread: the writes are the servlet's non-blocking ones ({@link WriteListener}).
 *
 * <p>A stream ends once, for good: when the client goes away, when the server ends the request, when the log no
 * longer keeps what comes after the last id sent (the client's reconnect with that id is told 410), when it does
 * not read what it is sent (it takes nothing of what waits for several keep-alives in a row, or what waits goes over
 * its bound), or when the node stops. The request is ended through its {@link AsyncContext}, never by completing the handler's future
 * (see the dashboard's feed for why).
 */
final class EventStream implements WriteListener, AsyncListener {
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    private static final RateLimitedLog UNEXPECTED = new RateLimitedLog(LOG, Level.WARN, Duration.ofMinutes(1));
    private static final RateLimitedLog SLOW = new RateLimitedLog(LOG, Level.INFO, Duration.ofMinutes(1));
    private static final byte[] RETRY = "retry: 1000\n\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

    private final AsyncContext async;
    private final ServletOutputStream out;
    private final ReadEventsUseCase events;
    private final Function<LoggedEvent, String> json;
    private final Executor executor;
    private final Consumer<EventStream> onEnd;
    private final Queue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final QueuedBytes queued;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    /** A read is in flight, or its answer is being queued. */
    private final AtomicBoolean reading = new AtomicBoolean();
    /** The log may have more than was read: read again when the read in flight ends. */
    private final AtomicBoolean again = new AtomicBoolean();
    /** The last read failed: the next keep-alive tries again. */
    private final AtomicBoolean retry = new AtomicBoolean();
    /** The last id sent; written only by the one read in flight. */
    private volatile String last;
    private volatile AutoCloseable subscription;
    /** Written but not yet flushed; true at first, so that the headers go out before any event. Guarded by this. */
    private boolean unflushed = true;
    /** Bytes written so far. Guarded by this. */
    private long written;
    /** What {@link #written} was at the last keep-alive, and for how many keep-alives in a row it stood still. */
    private long writtenAtKeepAlive;
    private int stalledKeepAlives;

    private EventStream(AsyncContext async, ServletOutputStream out, ReadEventsUseCase events,
                        Function<LoggedEvent, String> json, long maxQueuedBytes, Executor executor,
                        Consumer<EventStream> onEnd) {
        this.async = async;
        this.out = out;
        this.events = events;
        this.json = json;
        this.queued = new QueuedBytes(maxQueuedBytes);
        this.executor = executor;
        this.onEnd = onEnd;
    }

    /**
     * Starts the event stream of a request whose asynchronous handling has begun: the status and headers, the
     * client's retry delay, the {@code first} events read, then whatever the log appends after them.
     *
     * @param first the events read after the client's id, oldest first
     * @param last  the id to follow the log from: the last of {@code first}, else the client's id, else the newest
     *              id when the stream was opened (null for an empty log: everything appended later is new)
     */
    static EventStream start(AsyncContext async, HttpServletResponse response, ReadEventsUseCase events,
                             Function<LoggedEvent, String> json, List<LoggedEvent> first, String last,
                             long maxQueuedBytes, Executor executor, Consumer<EventStream> onEnd)
            throws IOException {
        // a stream lasts as long as the client keeps it; nothing but its end ends it
        async.setTimeout(0);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setCharacterEncoding("UTF-8");
        response.setContentType("text/event-stream");
        response.setHeader("Cache-Control", "no-store");
        // a proxy must pass each event on at once; the connection is not reused once the stream ends, so that the
        // client sees the end
        response.setHeader("X-Accel-Buffering", "no");
        response.setHeader("Connection", "close");
        EventStream stream = new EventStream(async, response.getOutputStream(), events, json, maxQueuedBytes,
                executor, onEnd);
        stream.last = last;
        async.addListener(stream);
        // first: a write before it would be a blocking one, and the listener could not be set while it runs
        stream.out.setWriteListener(stream);
        stream.offer(RETRY);
        stream.queue(first);
        try {
            stream.subscription = events.whenAppended(stream::signal);
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
        if (stream.ended()) {
            stream.unsubscribe();
            return stream;
        }
        // whatever was appended between the first read and the subscription, or after a full first read
        stream.signal();
        return stream;
    }

    /** Events may have been appended: read after the last id sent, now or when the read in flight ends. */
    void signal() {
        again.set(true);
        maybeRead();
    }

    /**
     * Starts a read when one is wanted, none is in flight and what the last one queued has been written. Every
     * change that may want one calls this after it (a signal, a read that ends, the writes that empty the queue),
     * so no wish for a read is lost between them.
     */
    private void maybeRead() {
        if (ended.get() || queued.queued() > 0) {
            // the writes call again once what is queued has gone out
            return;
        }
        if (again.get() && reading.compareAndSet(false, true)) {
            try {
                executor.execute(this::read);
            } catch (RejectedExecutionException e) {
                // the node is stopping
                reading.set(false);
                close();
            }
        }
    }

    private void read() {
        again.set(false);
        if (ended.get()) {
            reading.set(false);
            return;
        }
        CompletionStage<List<LoggedEvent>> read;
        try {
            read = events.read(last, ReadEventsUseCase.MAX_LIMIT);
        } catch (RuntimeException e) {
            readDone(null, e);
            return;
        }
        read.whenCompleteAsync(this::readDone, executor);
    }

    private void readDone(List<LoggedEvent> batch, Throwable failure) {
        try {
            if (failure != null) {
                failed(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
                return;
            }
            queue(batch);
            if (batch.size() >= ReadEventsUseCase.MAX_LIMIT) {
                // the log may hold more: read on once this has been written
                again.set(true);
            }
        } catch (RuntimeException e) {
            UNEXPECTED.log("an event stream failed to queue what it read; the stream is closed", e);
            close();
        } finally {
            reading.set(false);
        }
        maybeRead();
    }

    private void failed(Throwable failure) {
        if (failure instanceof EventsGoneException) {
            // the log trimmed past this stream, or was lost: the client's reconnect is told 410, never a gap
            LOG.info("an event stream fell behind what the log keeps and was closed");
            close();
        } else {
            // the store may be back at the next signal or keep-alive, not at once: the stream resumes from the
            // same id then
            UNEXPECTED.log("reading the event log for a stream failed; trying again", failure);
            retry.set(true);
        }
    }

    /**
     * Queues the events of one read as one piece: read only when nothing waits, it goes out whatever its size (see
     * {@link QueuedBytes#add}), and the stream holds at most one read's events.
     */
    private void queue(List<LoggedEvent> batch) {
        if (batch.isEmpty()) {
            return;
        }
        StringBuilder events = new StringBuilder();
        for (LoggedEvent event : batch) {
            events.append("id: ").append(event.id()).append("\nevent: ").append(event.type()).append("\ndata: ")
                    .append(json.apply(event)).append("\n\n");
        }
        if (offer(events.toString().getBytes(StandardCharsets.UTF_8))) {
            last = batch.get(batch.size() - 1).id();
        }
    }

    /**
     * Queues bytes and starts writing them; a stream whose queue would go over its bound does not read what it is
     * sent and is closed. Returns false once the stream has ended.
     */
    private boolean offer(byte[] bytes) {
        if (ended.get()) {
            return false;
        }
        if (!queued.add(bytes.length)) {
            SLOW.log("an event stream had {} bytes waiting that its client did not read, and was closed; it "
                    + "reconnects with its Last-Event-ID", queued.queued());
            close();
            return false;
        }
        queue.add(bytes);
        if (drainQueued.compareAndSet(false, true)) {
            try {
                executor.execute(() -> {
                    drainQueued.set(false);
                    drain();
                });
            } catch (RejectedExecutionException e) {
                close();
            }
        }
        return !ended.get();
    }

    /**
     * Sends a keep-alive comment; and closes the stream when it had events waiting and took none of them since the
     * last {@link StreamLimits#STALLED_KEEP_ALIVES} keep-alives. A read that failed is tried again. Called on the
     * streams' timer only.
     */
    void keepAlive() {
        if (ended.get()) {
            return;
        }
        long now;
        synchronized (this) {
            now = written;
        }
        if (queued.queued() > 0 && now == writtenAtKeepAlive) {
            if (++stalledKeepAlives >= StreamLimits.STALLED_KEEP_ALIVES) {
                SLOW.log("an event stream took none of the {} bytes waiting for it for {} keep-alives, and was "
                        + "closed", queued.queued(), stalledKeepAlives);
                close();
                return;
            }
        } else {
            stalledKeepAlives = 0;
        }
        writtenAtKeepAlive = now;
        if (retry.compareAndSet(true, false)) {
            signal();
        }
        // a stream with events on their way is not quiet; and a keep-alive must not stand in a batch's way
        if (queued.queued() == 0 && !reading.get()) {
            offer(KEEP_ALIVE);
        }
    }

    /** Writes what is queued for as long as the connection takes it without waiting. */
    private void drain() {
        boolean empty = false;
        synchronized (this) {
            if (ended.get()) {
                return;
            }
            try {
                while (out.isReady()) {
                    byte[] bytes = queue.poll();
                    if (bytes == null) {
                        if (!unflushed) {
                            empty = true;
                            break;
                        }
                        unflushed = false;
                        out.flush();
                    } else {
                        out.write(bytes);
                        queued.remove(bytes.length);
                        written += bytes.length;
                        unflushed = true;
                    }
                }
                // not ready: the server calls onWritePossible once the connection has taken what is pending
            } catch (IOException e) {
                LOG.debug("an event stream's connection is gone", e);
                close();
                return;
            } catch (RuntimeException e) {
                if (!ended.get()) {
                    UNEXPECTED.log("writing to an event stream failed; the stream is closed", e);
                }
                close();
                return;
            }
        }
        if (empty) {
            // the next read starts once what was sent has gone out
            maybeRead();
        }
    }

    boolean ended() {
        return ended.get();
    }

    @Override
    public void onWritePossible() {
        drain();
    }

    @Override
    public void onError(Throwable failure) {
        LOG.debug("an event stream's connection failed", failure);
        close();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        end(false);
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        close();
    }

    @Override
    public void onError(AsyncEvent event) {
        LOG.debug("an event stream's request failed", event.getThrowable());
        close();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // the stream is started once, by start()
    }

    /** Ends the stream and its request: nothing is written to it again. */
    void close() {
        end(true);
    }

    private void end(boolean complete) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        unsubscribe();
        queue.clear();
        onEnd.accept(this);
        if (complete) {
            try {
                async.complete();
            } catch (RuntimeException e) {
                LOG.debug("an event stream's request had already ended", e);
            }
        }
    }

    private void unsubscribe() {
        AutoCloseable handle = subscription;
        if (handle != null) {
            try {
                handle.close();
            } catch (Exception e) {
                LOG.debug("ending an event stream's subscription to the log failed", e);
            }
        }
    }
}
