package dev.roster.adapters.javalin.admin;

import dev.roster.adapters.javalin.logging.RateLimitedLog;
import dev.roster.application.port.in.ReadEventsUseCase;
import dev.roster.domain.EventsGoneException;
import dev.roster.domain.LoggedEvent;
import dev.roster.domain.StoreUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Follows the cluster's event log for the dashboard, once per node whatever the number of feeds open: first its
 * newest {@link #FIRST} events, then everything appended after the last one handed on, in order, each once. So
 * the dashboard shows the same on every node, and a node restarted on a store that kept its log shows what came
 * before it.
 *
 * <p>One read is in flight at a time; a signal while it runs marks "read again". A read that fails is tried again
 * at the next signal or {@link #RETRY} tick; when the log no longer keeps what came after the last event handed
 * on (it was lost with its store), the follower starts over from the newest events, all of them new to it.
 */
final class LogFollower implements AutoCloseable {
    /** How many of the newest events the dashboard starts with. */
    static final int FIRST = 50;
    static final Duration RETRY = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(LogFollower.class);
    private static final RateLimitedLog FAILED = new RateLimitedLog(LOG, Level.WARN, Duration.ofMinutes(1));

    private final ReadEventsUseCase events;
    private final Consumer<LoggedEvent> sink;
    private final ScheduledExecutorService executor =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("admin-log"));
    private final AtomicBoolean reading = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicBoolean retry = new AtomicBoolean();
    /** Whether the newest events have been read; touched by the one read in flight only. */
    private boolean seeded;
    /** The id of the last event handed on, null before any. */
    private String last;
    private volatile AutoCloseable subscription;
    private volatile boolean closed;

    /** @param sink told each event, in the log's order, on the follower's thread */
    LogFollower(ReadEventsUseCase events, Consumer<LoggedEvent> sink) {
        this.events = events;
        this.sink = sink;
    }

    /** Starts following the log. */
    void start() {
        subscription = events.whenAppended(this::signal);
        long every = RETRY.toMillis();
        executor.scheduleWithFixedDelay(() -> {
            if (retry.compareAndSet(true, false)) {
                signal();
            }
        }, every, every, TimeUnit.MILLISECONDS);
        signal();
    }

    private void signal() {
        again.set(true);
        if (!closed && reading.compareAndSet(false, true)) {
            try {
                executor.execute(this::read);
            } catch (RejectedExecutionException e) {
                // closed meanwhile
                reading.set(false);
            }
        }
    }

    private void read() {
        again.set(false);
        CompletionStage<List<LoggedEvent>> read;
        try {
            read = seeded ? events.read(last, ReadEventsUseCase.MAX_LIMIT) : events.latest(FIRST);
        } catch (RuntimeException e) {
            done(null, e);
            return;
        }
        read.whenCompleteAsync(this::done, executor);
    }

    private void done(List<LoggedEvent> batch, Throwable failure) {
        try {
            if (failure != null) {
                failed(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            } else {
                seeded = true;
                for (LoggedEvent event : batch) {
                    sink.accept(event);
                    last = event.id();
                }
                if (batch.size() >= ReadEventsUseCase.MAX_LIMIT) {
                    again.set(true);
                }
            }
        } catch (RuntimeException e) {
            FAILED.log("the dashboard's feed failed to take an event of the log", e);
        } finally {
            reading.set(false);
        }
        if (again.get()) {
            signal();
        }
    }

    private void failed(Throwable failure) {
        if (failure instanceof EventsGoneException) {
            LOG.info("the event log no longer keeps what the dashboard showed last; its feed goes on from the "
                    + "newest events");
            seeded = false;
            again.set(true);
        } else if (failure instanceof StoreUnavailableException) {
            // the store says so itself, once, in its own words (a node waiting for Redis, Redis gone away)
            LOG.debug("the store did not answer the dashboard's read of the event log; trying again", failure);
            retry.set(true);
        } else {
            FAILED.log("reading the event log for the dashboard failed; trying again", failure);
            retry.set(true);
        }
    }

    @Override
    public void close() {
        closed = true;
        AutoCloseable handle = subscription;
        if (handle != null) {
            try {
                handle.close();
            } catch (Exception e) {
                LOG.debug("ending the dashboard's subscription to the event log failed", e);
            }
        }
        executor.shutdownNow();
    }
}
