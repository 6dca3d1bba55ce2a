package dev.roster.adapters.memory;

import dev.roster.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;

/**
 * Keeps memory bounded: remembers when each user went offline, in that order, and hands back the ones idle for
 * longer than the retention so the store can forget them. A user who came back meanwhile has a newer version,
 * and the store keeps it. Work is done a few entries per call, so no caller pays for a big sweep.
 */
final class OfflineRetention {
    private static final int PER_CALL = 16;

    private final Duration retention;
    private final Queue<Entry> wentOffline = new ConcurrentLinkedQueue<>();

    private record Entry(UserId user, long version, Instant at) {
    }

    OfflineRetention(Duration retention) {
        if (retention.isNegative()) {
            throw new IllegalArgumentException("offline retention must not be negative, got " + retention);
        }
        this.retention = retention;
    }

    void wentOffline(UserId user, long version, Instant at) {
        wentOffline.add(new Entry(user, version, at));
    }

    /** Calls {@code forget} with (user, version) for up to a few users offline since before {@code now - retention}. */
    void evictIdle(Instant now, BiConsumer<UserId, Long> forget) {
        Instant cutoff = now.minus(retention);
        for (int i = 0; i < PER_CALL; i++) {
            Entry oldest = wentOffline.peek();
            if (oldest == null || oldest.at().isAfter(cutoff)) {
                return;
            }
            // another caller may have taken it first; then it is theirs to forget
            if (wentOffline.remove(oldest)) {
                forget.accept(oldest.user(), oldest.version());
            }
        }
    }
}
