package dev.roster.adapters.javalin.limits;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes handed to one socket and not yet written, against a bound: a send that would go over it is not made,
 * and its connection is a slow consumer. Thread-safe and lock-free: sends to one connection come from every thread
 * that delivers to it, and none of them may wait.
 */
public final class QueuedBytes {
    private final long max;
    private final AtomicLong queued = new AtomicLong();

    public QueuedBytes(long max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive, got " + max);
        }
        this.max = max;
    }

    /**
     * Counts {@code bytes} about to be queued; false, counting nothing, when they would go over the bound. A frame
     * larger than the bound still goes out when nothing else waits: it is the client's own reply, not a backlog.
     */
    public boolean add(int bytes) {
        long after = queued.addAndGet(bytes);
        if (after > max && after != bytes) {
            queued.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    /** {@code bytes} counted by {@link #add} were written, or dropped. */
    public void remove(int bytes) {
        queued.addAndGet(-bytes);
    }

    public long queued() {
        return queued.get();
    }
}
