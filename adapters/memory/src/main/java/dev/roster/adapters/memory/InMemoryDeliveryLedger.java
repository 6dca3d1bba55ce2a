package dev.roster.adapters.memory;

import dev.roster.application.port.out.Clock;
import dev.roster.application.port.out.DeliveryLedger;
import dev.roster.domain.DeadLetter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The delivery ledger of a single node, held in this process. There is no other node to hand delivery over to,
 * but the lease is kept all the same, judged by the clock, so that delivery behaves as it does on a cluster (a
 * stalled deliverer loses its lease, and a second deliverer in the process waits its turn). Keeps the newest
 * {@link #MAX_DEAD_LETTERS} dead letters. Every answer is a completed stage; one lock guards it all.
 */
public final class InMemoryDeliveryLedger implements DeliveryLedger {
    public static final int MAX_DEAD_LETTERS = 1000;

    private final Clock clock;

    // guarded by this
    private String holder;
    private Instant expiresAt;
    private String delivered;
    private final Deque<DeadLetter> letters = new ArrayDeque<>();

    public InMemoryDeliveryLedger(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized CompletionStage<Position> claim(String holder, Duration lease) {
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(lease, "lease");
        Instant now = clock.now();
        if (heldAt(now) && !holder.equals(this.holder)) {
            return CompletableFuture.completedFuture(null);
        }
        this.holder = holder;
        this.expiresAt = now.plus(lease);
        return CompletableFuture.completedFuture(new Position(holder, delivered));
    }

    @Override
    public synchronized CompletionStage<Boolean> advance(String holder, String delivered) {
        if (!holds(holder)) {
            return CompletableFuture.completedFuture(false);
        }
        this.delivered = delivered;
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public synchronized CompletionStage<Boolean> park(String holder, DeadLetter letter) {
        Objects.requireNonNull(letter, "letter");
        if (!holds(holder)) {
            return CompletableFuture.completedFuture(false);
        }
        letters.addFirst(letter);
        while (letters.size() > MAX_DEAD_LETTERS) {
            letters.removeLast();
        }
        this.delivered = letter.lastId();
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public synchronized CompletionStage<Void> release(String holder) {
        if (holds(holder)) {
            this.holder = null;
            this.expiresAt = null;
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<Position> position() {
        return CompletableFuture.completedFuture(new Position(heldAt(clock.now()) ? holder : null, delivered));
    }

    @Override
    public synchronized CompletionStage<List<DeadLetter>> deadLetters(int limit) {
        if (limit < 1) {
            return CompletableFuture.failedFuture(
                    new IllegalArgumentException("limit must be at least 1, got " + limit));
        }
        return CompletableFuture.completedFuture(letters.stream().limit(limit).toList());
    }

    @Override
    public synchronized CompletionStage<Long> deadLetterCount() {
        return CompletableFuture.completedFuture((long) letters.size());
    }

    /** Whether {@code holder} holds an unexpired lease now; the caller holds the lock. */
    private boolean holds(String holder) {
        return holder != null && holder.equals(this.holder) && heldAt(clock.now());
    }

    /** Whether anybody holds an unexpired lease at {@code now}; the caller holds the lock. */
    private boolean heldAt(Instant now) {
        return holder != null && expiresAt.isAfter(now);
    }
}
