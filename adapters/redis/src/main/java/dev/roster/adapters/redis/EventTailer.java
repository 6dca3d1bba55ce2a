package dev.roster.adapters.redis;

import dev.roster.application.port.out.Telemetry;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells this node's listeners when the event log grew, on any node: one thread per node, on a connection of its
 * own (a blocking read would hold up every command queued behind it), waits in {@code XREAD BLOCK} for entries
 * after the newest it saw, and signals every listener on its own thread. Idle, that is one command every
 * {@link #BLOCK}. When the read fails (Redis restarted, failed over, or is away), it waits a moment, starts again
 * from the log's newest entry and signals once, since entries may have come meanwhile.
 */
final class EventTailer implements AutoCloseable {
    static final Duration BLOCK = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(EventTailer.class);
    private static final Duration RETRY_AFTER = Duration.ofMillis(500);

    private final RedisClusterAsyncCommands<String, String> tail;
    private final String log;
    private final ThreadFactory threads;
    private final Telemetry telemetry;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private Thread thread;
    private volatile boolean closed;

    /** @param tail the commands of a connection used for nothing else */
    EventTailer(RedisClusterAsyncCommands<String, String> tail, String log, ThreadFactory threads,
                Telemetry telemetry) {
        this.tail = tail;
        this.log = log;
        this.threads = threads;
        this.telemetry = telemetry;
    }

    /** Signals {@code signal} after every append until the handle is closed; starts the tailing thread once. */
    AutoCloseable listen(Runnable signal) {
        listeners.add(signal);
        synchronized (this) {
            if (thread == null && !closed) {
                thread = threads.newThread(this::run);
                thread.start();
            }
        }
        return () -> listeners.remove(signal);
    }

    private void run() {
        String last = null;
        while (!closed) {
            try {
                if (last == null) {
                    last = newest();
                    signal();
                }
                List<StreamMessage<String, String>> read = tail.xread(
                        XReadArgs.Builder.block(BLOCK).count(100), XReadArgs.StreamOffset.from(log, last)).get();
                if (read != null && !read.isEmpty()) {
                    last = read.get(read.size() - 1).getId();
                    signal();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.debug("tailing the event log failed, starting again", e);
                last = null;
                try {
                    Thread.sleep(RETRY_AFTER.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private String newest() throws InterruptedException, ExecutionException {
        List<StreamMessage<String, String>> newest =
                tail.xrevrange(log, Range.create("-", "+"), Limit.from(1)).get();
        return newest.isEmpty() ? "0-0" : newest.get(0).getId();
    }

    private void signal() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("an event log listener failed", e);
                telemetry.adapterFailed("event_log_listener", e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (running != null) {
            running.interrupt();
        }
    }
}
