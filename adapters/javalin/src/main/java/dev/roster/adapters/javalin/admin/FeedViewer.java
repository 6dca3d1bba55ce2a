package dev.roster.adapters.javalin.admin;

import dev.roster.adapters.javalin.logging.RateLimitedLog;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * One open {@code /admin/feed} response: the server-sent events waiting for it, in a bounded queue, and the writes
 * that take them out, which never block. A viewer ends once, for good, and is never written to after that: when the
 * browser goes away (a write fails), when the server ends the request (it stops, or times the connection out), when
 * its queue is full because it reads slower than events come, or when the dashboard closes.
 *
 * <p>The request is ended here, through its {@link AsyncContext}, and never by completing the handler's future:
 * that future would run the web framework's request pipeline again on this thread, and on a request the server
 * has already recycled every step of that pipeline fails, each failure's handling fails too, and the failures go
 * round in a loop.
 */
final class FeedViewer implements WriteListener, AsyncListener {
    private static final Logger LOG = LoggerFactory.getLogger(FeedViewer.class);
    private static final RateLimitedLog UNEXPECTED = new RateLimitedLog(LOG, Level.WARN, Duration.ofMinutes(1));
    private static final RateLimitedLog SLOW = new RateLimitedLog(LOG, Level.INFO, Duration.ofMinutes(1));

    private final AsyncContext async;
    private final ServletOutputStream out;
    private final BlockingQueue<byte[]> queue;
    private final Executor sender;
    private final Consumer<FeedViewer> onEnd;
    private final Runnable writeFailed;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    /** Written but not yet flushed; true at first, so that the headers go out before any event. Guarded by this. */
    private boolean unflushed = true;

    private FeedViewer(AsyncContext async, ServletOutputStream out, int capacity, Executor sender,
                       Consumer<FeedViewer> onEnd, Runnable writeFailed) {
        this.async = async;
        this.out = out;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.sender = sender;
        this.onEnd = onEnd;
        this.writeFailed = writeFailed;
    }

    /**
     * Starts the event stream of a request whose asynchronous handling has begun.
     *
     * @param capacity how many events may wait for this viewer before it is dropped as too slow
     * @param sender   runs the writes that new events start
     * @param onEnd       told once, when the viewer ends for any reason
     * @param writeFailed told when a write fails otherwise than by the browser going away, to be counted
     */
    static FeedViewer start(AsyncContext async, HttpServletResponse response, int capacity, Executor sender,
                            Consumer<FeedViewer> onEnd, Runnable writeFailed) throws IOException {
        // a stream lasts as long as the browser keeps it; nothing but its end ends it
        async.setTimeout(0);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setCharacterEncoding("UTF-8");
        response.setContentType("text/event-stream");
        response.setHeader("Cache-Control", "no-store");
        // a proxy must pass each event on at once; the connection is not reused once the stream ends
        response.setHeader("X-Accel-Buffering", "no");
        response.setHeader("Connection", "close");
        FeedViewer viewer = new FeedViewer(async, response.getOutputStream(), capacity, sender, onEnd,
                writeFailed);
        async.addListener(viewer);
        viewer.out.setWriteListener(viewer);
        return viewer;
    }

    /**
     * Queues one event and starts writing it. A viewer whose queue is full is ended: it cannot keep up, and it
     * must not make the node hold ever more for it. Returns false once the viewer has ended.
     */
    boolean offer(byte[] event) {
        if (ended.get()) {
            return false;
        }
        if (!queue.offer(event)) {
            SLOW.log("a dashboard feed fell {} events behind and was closed; the dashboard reconnects and resumes",
                    queue.size());
            end(true);
            return false;
        }
        if (drainQueued.compareAndSet(false, true)) {
            try {
                sender.execute(() -> {
                    drainQueued.set(false);
                    drain();
                });
            } catch (RejectedExecutionException e) {
                // the dashboard is closing
                end(true);
            }
        }
        return !ended.get();
    }

    boolean ended() {
        return ended.get();
    }

    /** How many events wait to be written. */
    int queued() {
        return queue.size();
    }

    /** Writes what is queued for as long as the connection takes it without waiting. */
    private synchronized void drain() {
        if (ended.get()) {
            return;
        }
        try {
            while (out.isReady()) {
                byte[] event = queue.poll();
                if (event == null) {
                    if (!unflushed) {
                        return;
                    }
                    unflushed = false;
                    out.flush();
                } else {
                    out.write(event);
                    unflushed = true;
                }
            }
            // not ready: the server calls onWritePossible once the connection has taken what is pending
        } catch (IOException e) {
            LOG.debug("a dashboard feed connection is gone", e);
            end(true);
        } catch (RuntimeException e) {
            if (!ended.get()) {
                writeFailed.run();
                UNEXPECTED.log("writing to a dashboard feed failed; the feed is closed", e);
            }
            end(true);
        }
    }

    @Override
    public void onWritePossible() {
        drain();
    }

    @Override
    public void onError(Throwable failure) {
        LOG.debug("a dashboard feed connection failed", failure);
        end(true);
    }

    @Override
    public void onComplete(AsyncEvent event) {
        end(false);
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        end(true);
    }

    @Override
    public void onError(AsyncEvent event) {
        LOG.debug("a dashboard feed request failed", event.getThrowable());
        end(true);
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // the stream is started once, by start()
    }

    /** Ends the viewer: nothing is written to it again. */
    void close() {
        end(true);
    }

    /**
     * Ends the viewer once. {@code complete} ends the request too, unless the server ended it already; a request
     * the server has finished with refuses, which is all right.
     */
    private void end(boolean complete) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        queue.clear();
        onEnd.accept(this);
        if (complete) {
            try {
                async.complete();
            } catch (RuntimeException e) {
                LOG.debug("a dashboard feed request had already ended", e);
            }
        }
    }
}
