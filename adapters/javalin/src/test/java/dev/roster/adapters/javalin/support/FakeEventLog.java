package dev.roster.adapters.javalin.support;

import dev.roster.application.port.in.ReadEventsUseCase;
import dev.roster.domain.EventsGoneException;
import dev.roster.domain.LoggedEvent;
import dev.roster.domain.PresenceEvent;
import dev.roster.domain.Status;
import dev.roster.domain.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An event log for the web side's tests, as the log port promises one: ids {@code <generation>-<seq>}, reads after
 * an id it no longer keeps (trimmed, or of a generation it lost) fail with {@link EventsGoneException}, an id that is
 * not one of its own with {@link IllegalArgumentException}, and appends are signalled on a thread of its own. The
 * test appends, trims, loses the log, or makes reads fail.
 */
public final class FakeEventLog implements ReadEventsUseCase, AutoCloseable {
    private final int keep;
    private final List<LoggedEvent> events = new ArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService signals = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "fake-event-log");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean signalQueued = new AtomicBoolean();
    private final AtomicInteger reads = new AtomicInteger();
    private int generation = 1;
    /** The sequence number of {@code events.get(0)}, and of the next event appended. */
    private long firstSeq = 1;
    private long nextSeq = 1;
    private volatile RuntimeException failure;

    /** A log that keeps 100000 events. */
    public FakeEventLog() {
        this(100_000);
    }

    /** @param keep how many events the log keeps at least; it trims down to them once it holds twice as many */
    public FakeEventLog(int keep) {
        this.keep = keep;
    }

    /** Appends {@code event} under the next id, and signals it. */
    public LoggedEvent append(LoggedEvent event) {
        LoggedEvent kept;
        synchronized (this) {
            kept = event.withId(generation + "-" + nextSeq++);
            events.add(kept);
            if (events.size() >= 2 * keep) {
                trim(keep);
            }
        }
        signal();
        return kept;
    }

    /** Appends that {@code user} came online now. */
    public LoggedEvent online(String user) {
        return append(LoggedEvent.of(new PresenceEvent.UserCameOnline(UserId.of(user), Status.ONLINE, Instant.now())));
    }

    /** Keeps only the newest {@code newest} events. */
    public synchronized void trim(int newest) {
        int drop = Math.max(0, events.size() - newest);
        events.subList(0, drop).clear();
        firstSeq += drop;
    }

    /** Loses every event, as a store restarted without its data: every id handed out so far is gone. */
    public synchronized void lose() {
        generation++;
        events.clear();
        firstSeq = 1;
        nextSeq = 1;
    }

    /** Makes every read fail with {@code failure} from now on; null makes them answer again. */
    public void failReads(RuntimeException failure) {
        this.failure = failure;
        if (failure == null) {
            signal();
        }
    }

    /** How many reads were asked of the log. */
    public int reads() {
        return reads.get();
    }

    /** The oldest id kept, null when none. */
    public synchronized String oldest() {
        return events.isEmpty() ? null : events.get(0).id();
    }

    @Override
    public CompletionStage<List<LoggedEvent>> read(String after, int limit) {
        reads.incrementAndGet();
        RuntimeException failing = failure;
        if (failing != null) {
            return CompletableFuture.failedFuture(failing);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit out of range: " + limit);
        }
        synchronized (this) {
            int from = 0;
            if (after != null) {
                String[] parts = after.split("-", 2);
                long gen;
                long seq;
                try {
                    gen = Long.parseLong(parts[0]);
                    seq = parts.length == 2 ? Long.parseLong(parts[1]) : -1;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not an id of this log: " + after);
                }
                if (seq < 0 || gen > generation || gen == generation && seq >= nextSeq) {
                    throw new IllegalArgumentException("not an id of this log: " + after);
                }
                if (gen < generation || seq < firstSeq - 1) {
                    return CompletableFuture.failedFuture(new EventsGoneException(after, oldest()));
                }
                from = (int) (seq - firstSeq + 1);
            }
            return CompletableFuture.completedFuture(
                    List.copyOf(events.subList(from, Math.min(events.size(), from + limit))));
        }
    }

    @Override
    public CompletionStage<List<LoggedEvent>> latest(int limit) {
        RuntimeException failing = failure;
        if (failing != null) {
            return CompletableFuture.failedFuture(failing);
        }
        synchronized (this) {
            return CompletableFuture.completedFuture(
                    List.copyOf(events.subList(Math.max(0, events.size() - limit), events.size())));
        }
    }

    @Override
    public AutoCloseable whenAppended(Runnable signal) {
        listeners.add(signal);
        return () -> listeners.remove(signal);
    }

    /** How many are listening for appends. */
    public int listeners() {
        return listeners.size();
    }

    private void signal() {
        if (signalQueued.compareAndSet(false, true)) {
            signals.execute(() -> {
                signalQueued.set(false);
                listeners.forEach(Runnable::run);
            });
        }
    }

    @Override
    public void close() {
        signals.shutdownNow();
    }
}
