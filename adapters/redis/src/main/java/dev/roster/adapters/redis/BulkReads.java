package dev.roster.adapters.redis;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * At most a few reads of whole rooms in flight at once; the rest wait their turn here, in the node, rather than in
 * Redis. Redis answers commands one at a time, so a burst of replies of hundreds of kilobytes each (every member
 * of a room joining at once) would otherwise hold up every small command of every node behind them.
 */
final class BulkReads {
    private final int limit;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int running;

    BulkReads(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        this.limit = limit;
    }

    /** Runs {@code read} now if fewer than the limit are running, else once one of them completes. */
    <T> CompletableFuture<T> run(Supplier<CompletableFuture<T>> read) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable start = () -> {
            CompletableFuture<T> started;
            try {
                started = read.get();
            } catch (RuntimeException e) {
                started = CompletableFuture.failedFuture(e);
            }
            started.whenComplete((value, failure) -> {
                next();
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(value);
                }
            });
        };
        synchronized (this) {
            if (running >= limit) {
                waiting.add(start);
                return result;
            }
            running++;
        }
        start.run();
        return result;
    }

    private void next() {
        Runnable queued;
        synchronized (this) {
            queued = waiting.poll();
            if (queued == null) {
                running--;
                return;
            }
        }
        queued.run();
    }

    synchronized int waiting() {
        return waiting.size();
    }
}
