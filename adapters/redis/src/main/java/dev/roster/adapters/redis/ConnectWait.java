package dev.roster.adapters.redis;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * What a store that waits for Redis says, and when: the first failed attempt says what it waits for, then a
 * reminder at most every {@code remindEvery} however often it tries; once Redis answers, how long it waited. The
 * store tries several times a second, and a line on each try would bury every other line of the node's log.
 */
final class ConnectWait {
    private final String target;
    private final long remindEveryNanos;
    private final LongSupplier nanoTime;
    private final long since;
    private boolean said;
    private long saidAt;

    /**
     * @param target   the Redis it waits for, with no credentials in it
     * @param nanoTime the clock, {@code System::nanoTime} but in tests
     */
    ConnectWait(String target, Duration remindEvery, LongSupplier nanoTime) {
        this.target = target;
        this.remindEveryNanos = remindEvery.toNanos();
        this.nanoTime = nanoTime;
        this.since = nanoTime.getAsLong();
    }

    /** An attempt failed for {@code reason}: the line to log, if this one is worth a line. */
    synchronized Optional<String> failed(String reason) {
        long now = nanoTime.getAsLong();
        if (!said) {
            said = true;
            saidAt = now;
            return Optional.of("waiting for " + target + " (" + reason + "); not ready until it answers, a reminder"
                    + " every " + seconds(remindEveryNanos) + " s");
        }
        if (now - saidAt >= remindEveryNanos) {
            saidAt = now;
            return Optional.of("still waiting for " + target + " after " + seconds(now - since) + " s (" + reason
                    + ")");
        }
        return Optional.empty();
    }

    /** Redis answered: the line to log if the store had said that it waits. */
    synchronized Optional<String> answered() {
        return said
                ? Optional.of(target + " answers after " + seconds(nanoTime.getAsLong() - since) + " s of waiting")
                : Optional.empty();
    }

    private static long seconds(long nanos) {
        return Duration.ofNanos(nanos).toSeconds();
    }
}
