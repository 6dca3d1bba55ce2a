package dev.roster.adapters.javalin.logging;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * One log line that may repeat, written at most once per interval: the lines in between are counted, and the next
 * one written says how many there were. For failures that can recur with every request, event or frame, so that a
 * recurring fault leaves a few lines a minute instead of filling the disk. One instance per kind of line.
 */
public final class RateLimitedLog {
    private final Logger log;
    private final Level level;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong nextAt;
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedLog(Logger log, Level level, Duration interval) {
        this(log, level, interval, System::nanoTime);
    }

    /** With the clock given, for tests. */
    public RateLimitedLog(Logger log, Level level, Duration interval, LongSupplier nanoClock) {
        this.log = Objects.requireNonNull(log, "log");
        this.level = Objects.requireNonNull(level, "level");
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("the interval must be positive: " + interval);
        }
        this.nextAt = new AtomicLong(nanoClock.getAsLong());
    }

    /**
     * Writes the line (an SLF4J pattern with its arguments, a throwable last if any) unless one was written less than
     * an interval ago, in which case it is only counted. Returns whether it was written.
     */
    public boolean log(String pattern, Object... args) {
        long now = nanoClock.getAsLong();
        long next = nextAt.get();
        if (now - next < 0 || !nextAt.compareAndSet(next, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return false;
        }
        long skipped = suppressed.getAndSet(0);
        if (skipped == 0) {
            write(pattern, args);
        } else {
            write(pattern + " ({} more like this not logged)", withCount(args, skipped));
        }
        return true;
    }

    private void write(String pattern, Object[] args) {
        switch (level) {
            case ERROR -> log.error(pattern, args);
            case WARN -> log.warn(pattern, args);
            case INFO -> log.info(pattern, args);
            case DEBUG -> log.debug(pattern, args);
            case TRACE -> log.trace(pattern, args);
        }
    }

    /** The arguments with the count of suppressed lines added before a trailing throwable, if there is one. */
    private static Object[] withCount(Object[] args, long skipped) {
        Object[] all = Arrays.copyOf(args, args.length + 1);
        if (args.length > 0 && args[args.length - 1] instanceof Throwable failure) {
            all[args.length - 1] = skipped;
            all[args.length] = failure;
        } else {
            all[args.length] = skipped;
        }
        return all;
    }
}
