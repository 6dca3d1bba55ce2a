package dev.roster.adapters.redis;

import dev.roster.application.port.out.StoreHealth;
import dev.roster.application.port.out.Telemetry;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whether Redis answers, and notices when it comes back without its data. Every bucket's slot can hold an
 * epoch marker; a check reads (creating it when missing) the marker of one bucket per server several times a
 * second: a standalone or Sentinel Redis loses all its data or none, and a Cluster shard all of its slots or none,
 * so one marker per server tells as much as one per bucket, at a cost that does not grow with the buckets (ADR 10).
 * Which buckets those are is asked again at every check, as a Cluster's slots move. The grace sweep's script reads
 * the same marker of the server it sweeps ({@link #swept}): a marker a sweep read since the previous check is not
 * read again by that check, so a server this node sweeps costs no command of its own here, and one it does not
 * sweep (another node's turn, a group read bucket by bucket) is read as before. A marker that changed, or
 * vanished, means that Redis (or the shard holding it) lost its data: the buses subscribe again and the restore
 * action given to {@link #onReset} runs, again until it succeeds. It also runs whenever Redis answers again after it
 * did not: announcements made meanwhile are lost, and a Redis restarted from an older snapshot brings its old
 * markers back, so nothing else would tell.
 */
public final class ResetWatcher implements StoreHealth, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResetWatcher.class);

    private final RedisClusterAsyncCommands<String, String> redis;
    private final Keys keys;
    private final LuaScript epoch;
    private final Supplier<CompletableFuture<?>> resubscribe;
    private final ScheduledExecutorService timer;
    private final Telemetry telemetry;
    private final Duration every;
    private final Supplier<int[]> markers;
    /** The last marker read of each bucket, by a check or a sweep; guarded by itself. */
    private final String[] known;
    /** Which buckets' markers a sweep read since the last check began; guarded by {@link #known}. */
    private final boolean[] swept;
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile boolean available;
    private volatile boolean closed;
    private Supplier<? extends CompletionStage<?>> restore;
    private boolean pending;
    private boolean running;

    /**
     * @param markers the buckets whose markers a check reads, one per server holding buckets; asked at every check
     */
    ResetWatcher(RedisClusterAsyncCommands<String, String> redis, Keys keys, Supplier<int[]> markers,
                 Supplier<CompletableFuture<?>> resubscribe, ScheduledExecutorService timer, Duration every,
                 Telemetry telemetry) {
        this.redis = redis;
        this.markers = markers;
        this.telemetry = telemetry;
        this.keys = keys;
        this.resubscribe = resubscribe;
        this.timer = timer;
        this.every = every;
        this.known = new String[keys.buckets()];
        this.swept = new boolean[keys.buckets()];
        this.epoch = LuaScript.load("epoch", ScriptOutputType.VALUE);
    }

    /** Checks once now and completes when done, then keeps checking in the background. */
    CompletableFuture<Void> start() {
        CompletableFuture<Void> first = check();
        timer.scheduleWithFixedDelay(this::check, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return first;
    }

    /** What to run when Redis lost this node's data: bootstrap gives it the application's restore. */
    public synchronized void onReset(Supplier<? extends CompletionStage<?>> action) {
        this.restore = action;
    }

    @Override
    public boolean available() {
        return available;
    }

    /**
     * A connection to Redis dropped: whatever Redis comes back as (restarted, failed over, from an older snapshot)
     * and however briefly it was away, this node puts its users back and has its rooms audited once it answers.
     */
    void connectionLost() {
        if (closed) {
            return;
        }
        synchronized (this) {
            pending = true;
        }
    }

    CompletableFuture<Void> check() {
        if (!checking.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        String candidate = UUID.randomUUID().toString();
        int[] buckets;
        try {
            buckets = markers.get();
        } catch (RuntimeException e) {
            checking.set(false);
            return CompletableFuture.failedFuture(e);
        }
        // a marker a sweep read since the last check is as fresh as one read now: only the others are sent; while
        // Redis is not known to answer every marker is read, as that check is what tells Redis is back
        boolean[] skip = new boolean[buckets.length];
        synchronized (known) {
            for (int i = 0; i < buckets.length; i++) {
                skip[i] = available && swept[buckets[i]];
            }
            Arrays.fill(swept, false);
        }
        List<CompletableFuture<String>> read = new ArrayList<>(buckets.length);
        for (int i = 0; i < buckets.length; i++) {
            read.add(skip[i] ? null : epoch.run(redis, new String[] {keys.epoch(buckets[i])}, candidate));
        }
        CompletableFuture<Void> sent = CompletableFuture.allOf(read.stream().filter(Objects::nonNull)
                .toArray(CompletableFuture[]::new));
        return sent.handle((done, failure) -> {
            try {
                if (failure != null) {
                    if (available && !closed) {
                        LOG.warn("Redis does not answer: {}", failure.getMessage());
                    }
                    available = false;
                    return null;
                }
                boolean lost;
                synchronized (known) {
                    lost = compare(buckets, read);
                }
                boolean back = !available;
                if (back) {
                    LOG.info("Redis answers");
                    // rooms joined while Redis was away could not be subscribed to; subscribing again is harmless
                    resubscribe.get();
                    // what was announced while Redis was away, or before this node heard its rooms again, is lost;
                    // and Redis may be back from an older snapshot, with the same markers: put this node's users
                    // back as it holds them and have its rooms audited, as after a loss
                    synchronized (this) {
                        pending = true;
                    }
                }
                available = true;
                if (lost) {
                    lost();
                }
                runPending();
                return null;
            } finally {
                checking.set(false);
            }
        });
    }

    /**
     * The marker of {@code bucket} as the grace sweep's script just read it on the server that holds it ({@code ""}:
     * there is none). A marker there is compared as a check's would be, and spares the next check that read. None
     * means that server lost its data (or the marker was never written): a check runs now, which writes it and
     * tells the loss, as it would have at its time.
     */
    void swept(int bucket, String marker) {
        if (closed || bucket < 0 || bucket >= known.length) {
            return;
        }
        if (marker == null || marker.isEmpty()) {
            try {
                timer.execute(this::check);
            } catch (RejectedExecutionException e) {
                // closed meanwhile
            }
            return;
        }
        boolean lost;
        synchronized (known) {
            lost = known[bucket] != null && !known[bucket].equals(marker);
            known[bucket] = marker;
            swept[bucket] = true;
        }
        if (lost) {
            lost();
            runPending();
        }
    }

    private void lost() {
        LOG.warn("Redis lost its data; this node registers its sessions and rooms again");
        synchronized (this) {
            pending = true;
        }
    }

    /**
     * Whether a marker read differs from the one read last (by the previous check, or a sweep since). A bucket not
     * read this time is forgotten: when it is read again (its slot moved to another shard, whose first bucket it
     * became), its marker is compared from then on, not with one that may have been read long before. A bucket whose
     * marker a sweep read since the previous check ({@code null} in {@code read}) was compared then and is kept.
     */
    private boolean compare(int[] buckets, List<CompletableFuture<String>> read) {
        boolean lost = false;
        boolean[] checked = new boolean[known.length];
        for (int i = 0; i < buckets.length; i++) {
            int b = buckets[i];
            checked[b] = true;
            if (read.get(i) == null) {
                continue;
            }
            String seen = read.get(i).join();
            if (known[b] != null && !known[b].equals(seen)) {
                lost = true;
            }
            known[b] = seen;
            checked[b] = true;
        }
        for (int b = 0; b < known.length; b++) {
            if (!checked[b]) {
                known[b] = null;
            }
        }
        return lost;
    }

    private void runPending() {
        Supplier<? extends CompletionStage<?>> action;
        synchronized (this) {
            if (!pending || running || restore == null || !available) {
                return;
            }
            pending = false;
            running = true;
            action = restore;
        }
        CompletableFuture<?> resubscribed = resubscribe.get();
        CompletableFuture<?> restored;
        try {
            restored = action.get().toCompletableFuture();
        } catch (RuntimeException e) {
            restored = CompletableFuture.failedFuture(e);
        }
        CompletableFuture.allOf(resubscribed, restored).whenComplete((v, e) -> {
            synchronized (this) {
                running = false;
                if (e != null) {
                    LOG.debug("restoring after a Redis reset failed, trying again", e);
                    telemetry.adapterFailed("reset_restore", e);
                    pending = true;
                }
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
    }
}
