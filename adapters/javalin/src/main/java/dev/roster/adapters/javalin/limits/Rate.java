package dev.roster.adapters.javalin.limits;

/**
 * A token bucket kept as the one instant at which it would be full again (the generic cell rate algorithm): a
 * take is allowed while that instant is at most {@code burst} intervals ahead of now, and pushes it one interval
 * further. Two longs of state, no clock of its own: every call says what time it is, in {@link System#nanoTime()}
 * units. Not thread-safe; its owner serializes the calls.
 */
final class Rate {
    private final long interval;
    private final long tolerance;
    private long fullAt;

    /** {@code perSecond} takes per second on average, at most {@code burst} at once from a full bucket. */
    Rate(int perSecond, int burst, long now) {
        if (perSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("a rate needs at least 1 per second and a burst of 1");
        }
        this.interval = Math.max(1, 1_000_000_000L / perSecond);
        this.tolerance = interval * burst;
        this.fullAt = now;
    }

    /** Takes one token if there is one. */
    boolean take(long now) {
        long next = Math.max(fullAt, now) + interval;
        if (next - now > tolerance) {
            return false;
        }
        fullAt = next;
        return true;
    }

    /** Nanoseconds until a take would succeed; 0 when one would now. */
    long waitFor(long now) {
        long next = Math.max(fullAt, now) + interval;
        return Math.max(0, next - now - tolerance);
    }

    /** Whether the bucket is full: it remembers nothing about its past, and may be forgotten. */
    boolean full(long now) {
        return fullAt - now <= 0;
    }
}
