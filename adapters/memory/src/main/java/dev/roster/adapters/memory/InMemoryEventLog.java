package dev.roster.adapters.memory;

import dev.roster.adapters.runtime.DaemonThreads;
import dev.roster.application.port.out.Clock;
import dev.roster.application.port.out.EventLog;
import dev.roster.domain.EventsGoneException;
import dev.roster.domain.LoggedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event log of a single node, held in this process: a ring of the newest {@code keep} events, from which
 * events older than the maximum age are also dropped whenever one is appended.
 *
 * <p>Ids are {@code <generation>-<sequence>}: the generation is drawn at random for each log, so that an id a
 * client kept from before the node restarted reads as gone (the events after it were lost with the process), never
 * as a position in the new log; the sequence counts appends from 1, so that finding where a read starts is
 * arithmetic, not a search. Appends are O(1) and reads O(limit), under one short lock: the presence store appends
 * while it holds its lock on the user, which is what makes a user's events come in commit order.
 *
 * <p>Listeners are signalled on one daemon thread of the log, never on an appender's thread (which holds that lock),
 * and signals coalesce: many appends while one signal is pending make one more signal. The thread ends when idle,
 * so a log needs no closing.
 */
public final class InMemoryEventLog implements EventLog {
    private static final Logger LOG = LoggerFactory.getLogger(InMemoryEventLog.class);

    public static final int DEFAULT_KEEP = 100_000;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(24);

    private static final int GENERATION_LENGTH = 8;
    private static final long GENERATIONS = (long) Math.pow(36, GENERATION_LENGTH);
    /** A generation, a dash and at most the 19 digits of a long. */
    private static final int MAX_ID_LENGTH = GENERATION_LENGTH + 1 + 19;
    private static final int FIRST_CAPACITY = 64;

    private final String generation;
    private final int keep;
    private final long maxAgeMillis;
    private final Clock clock;

    // guarded by this: the ring holds the events of sequences [oldest, next), at index seq % ring.length
    private Entry[] ring;
    private long oldest = 1;
    private long next = 1;

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean signalPending = new AtomicBoolean();
    private final ThreadPoolExecutor signals = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), DaemonThreads.named("roster-event-log"));

    /** A log keeping {@link #DEFAULT_KEEP} events for at most {@link #DEFAULT_MAX_AGE}. */
    public InMemoryEventLog(Clock clock) {
        this(DEFAULT_KEEP, DEFAULT_MAX_AGE, clock);
    }

    /**
     * @param keep   how many of the newest events are kept, at least 1
     * @param maxAge how long an event is kept at most, judged by {@code clock} when events are appended; null or
     *               zero for no limit
     */
    public InMemoryEventLog(int keep, Duration maxAge, Clock clock) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1, got " + keep);
        }
        if (maxAge != null && maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative, got " + maxAge);
        }
        this.keep = keep;
        this.maxAgeMillis = maxAge == null || maxAge.isZero() ? 0 : maxAge.toMillis();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ring = new Entry[Math.min(keep, FIRST_CAPACITY)];
        this.generation = newGeneration();
    }

    private static String newGeneration() {
        String digits = Long.toString(ThreadLocalRandom.current().nextLong(GENERATIONS), 36);
        return "0".repeat(GENERATION_LENGTH - digits.length()) + digits;
    }

    @Override
    public CompletionStage<LoggedEvent> append(LoggedEvent event) {
        Objects.requireNonNull(event, "event");
        LoggedEvent appended;
        synchronized (this) {
            appended = appendLocked(event, clock.now().toEpochMilli());
        }
        signal();
        return CompletableFuture.completedFuture(appended);
    }

    /**
     * Appends the events of one committed transition, in order; the presence store calls this while it holds the
     * user, so that they follow every earlier event of that user.
     */
    void appendAll(List<LoggedEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        long now = clock.now().toEpochMilli();
        synchronized (this) {
            for (LoggedEvent event : events) {
                appendLocked(event, now);
            }
        }
        signal();
    }

    private LoggedEvent appendLocked(LoggedEvent event, long now) {
        if (maxAgeMillis > 0) {
            while (oldest < next && ring(oldest).appendedAt() < now - maxAgeMillis) {
                dropOldest();
            }
        }
        if (next - oldest == keep) {
            dropOldest();
        }
        if (next - oldest == ring.length) {
            grow();
        }
        LoggedEvent logged = event.withId(generation + "-" + next);
        ring[index(next)] = new Entry(logged, now);
        next++;
        return logged;
    }

    private void dropOldest() {
        ring[index(oldest)] = null;
        oldest++;
    }

    private void grow() {
        Entry[] bigger = new Entry[(int) Math.min(keep, 2L * ring.length)];
        for (long seq = oldest; seq < next; seq++) {
            bigger[(int) (seq % bigger.length)] = ring(seq);
        }
        ring = bigger;
    }

    private int index(long seq) {
        return (int) (seq % ring.length);
    }

    private Entry ring(long seq) {
        return ring[index(seq)];
    }

    @Override
    public CompletionStage<List<LoggedEvent>> read(String after, int limit) {
        try {
            requirePositive(limit);
            Long afterSeq = after == null ? null : sequenceOf(after);
            synchronized (this) {
                long from;
                if (afterSeq == null) {
                    from = oldest;
                } else if (afterSeq >= next) {
                    throw new IllegalArgumentException("the event log never handed out " + after);
                } else if (afterSeq < oldest - 1) {
                    throw gone(after);
                } else {
                    from = afterSeq + 1;
                }
                return CompletableFuture.completedFuture(copy(from, Math.min(next, from + limit)));
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<List<LoggedEvent>> latest(int limit) {
        try {
            requirePositive(limit);
            synchronized (this) {
                return CompletableFuture.completedFuture(copy(Math.max(oldest, next - limit), next));
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The events of sequences {@code [from, to)}, which the log keeps; the caller holds the lock. */
    private List<LoggedEvent> copy(long from, long to) {
        List<LoggedEvent> events = new ArrayList<>((int) Math.max(0, to - from));
        for (long seq = from; seq < to; seq++) {
            events.add(ring(seq).event());
        }
        return events;
    }

    /**
     * The sequence of one of this log's ids. An id of another generation (a log lost with an earlier process) is
     * gone; what is not shaped like an id at all is refused.
     */
    private Long sequenceOf(String id) {
        int dash = id.indexOf('-');
        if (id.length() > MAX_ID_LENGTH || dash != GENERATION_LENGTH || !isGeneration(id.substring(0, dash))
                || !isSequence(id.substring(dash + 1))) {
            throw new IllegalArgumentException("not an id of the event log");
        }
        long seq;
        try {
            seq = Long.parseLong(id.substring(dash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an id of the event log", e);
        }
        if (!id.startsWith(generation)) {
            synchronized (this) {
                throw gone(id);
            }
        }
        return seq;
    }

    private static boolean isGeneration(String s) {
        return s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'));
    }

    private static boolean isSequence(String s) {
        return !s.isEmpty() && s.charAt(0) != '0' && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** The caller holds the lock. */
    private EventsGoneException gone(String after) {
        return new EventsGoneException(after, oldest < next ? ring(oldest).event().id() : null);
    }

    @Override
    public AutoCloseable onAppended(Runnable signal) {
        Listener listener = new Listener(Objects.requireNonNull(signal, "signal"));
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void signal() {
        if (listeners.isEmpty() || !signalPending.compareAndSet(false, true)) {
            return;
        }
        signals.execute(() -> {
            // cleared before the listeners run, so that an append while they read makes one more signal
            signalPending.set(false);
            for (Listener listener : listeners) {
                try {
                    listener.signal().run();
                } catch (RuntimeException e) {
                    LOG.warn("a listener of the event log failed", e);
                }
            }
        });
    }

    private static void requirePositive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
    }

    private record Entry(LoggedEvent event, long appendedAt) {
    }

    /** One registration: the same signal added twice is two listeners, each removed by its own handle. */
    private static final class Listener {
        private final Runnable signal;

        Listener(Runnable signal) {
            this.signal = signal;
        }

        Runnable signal() {
            return signal;
        }
    }
}
