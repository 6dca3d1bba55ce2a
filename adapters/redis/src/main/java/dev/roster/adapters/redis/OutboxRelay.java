package dev.roster.adapters.redis;

import dev.roster.application.port.out.Telemetry;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.XTrimArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a Redis Cluster, moves the events that commits left in their bucket's outbox into the one event log, whose
 * slot is not the bucket's. Each relay reads a batch of the outbox, hands it to {@code relay.lua} in the log's
 * slot, which appends only the entries after the last one it relayed for that bucket (so a batch relayed twice is
 * appended once, in order), and then trims the outbox up to what was relayed. A crash between any two steps
 * repeats work on the next relay, never an event.
 *
 * <p>The relay's mark of a bucket carries the bucket's epoch marker, which {@code outbox-read.lua} reads and creates
 * itself ({@link ResetWatcher} reads only one bucket's per shard, see {@link EpochMarkers}): an outbox
 * lost with its shard gives ids again from that shard's clock, which may be behind the mark of the lost outbox;
 * under a new marker the mark no longer holds and every entry is new.
 *
 * <p>The committing node relays its bucket as soon as the commit is answered, without the caller waiting; every
 * node also sweeps every outbox now and then, so that what a node left behind when it died between its commit and
 * its relay is relayed by another. A sweep first asks each master which of its outboxes hold anything
 * ({@code outbox-pending.lua}, one script per master, {@link ShardScript}) and relays only those, so that a sweep
 * with nothing to relay costs one command per master, not one per bucket.
 *
 * <p>On one node the relays run one after the other, in the order they were asked for, so that the log keeps the
 * order in which this node's commits were answered, across users too; a relay asked for while the last one queued
 * is of the same bucket and has not started yet is that one. Reads of the log wait for the relays queued before
 * them ({@link #settled()}), so that a node reads what it committed.
 */
final class OutboxRelay {
    static final Duration SWEEP_EVERY = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;

    private final RedisClusterAsyncCommands<String, String> redis;
    private final Keys keys;
    private final Supplier<List<int[]>> shards;
    private final String keep;
    private final ScheduledExecutorService timer;
    private final Telemetry telemetry;
    private final LuaScript read = LuaScript.load("outbox-read", ScriptOutputType.MULTI);
    private final LuaScript relay = LuaScript.load("relay", ScriptOutputType.MULTI);
    private final ShardScript pending = ShardScript.load("outbox-pending", ScriptOutputType.MULTI);
    private CompletableFuture<Map<String, String>> last = CompletableFuture.completedFuture(Map.of());
    private int lastBucket = -1;
    private boolean lastStarted = true;
    private volatile boolean relaying = true;

    /** @param shards the buckets grouped by the master that holds them ({@link Shards}), asked at every sweep */
    OutboxRelay(RedisClusterAsyncCommands<String, String> redis, Keys keys, Supplier<List<int[]>> shards, int keep,
                ScheduledExecutorService timer, Telemetry telemetry) {
        this.redis = redis;
        this.keys = keys;
        this.shards = shards;
        this.keep = Integer.toString(keep);
        this.timer = timer;
        this.telemetry = telemetry;
    }

    /** Starts the sweep of every outbox, every {@code every}. */
    void start(Duration every) {
        timer.scheduleWithFixedDelay(this::sweepNow, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * For tests: whether this node relays after its commits and sweeps. Off, its commits' events stay in their
     * outbox until another node sweeps, as when this node died right after its commit.
     */
    void relaying(boolean on) {
        this.relaying = on;
    }

    void afterCommit(int bucket) {
        if (relaying) {
            relay(bucket).whenComplete((ids, failure) -> {
                if (failure != null) {
                    // the sweep relays it
                    LOG.debug("relaying the outbox of bucket {} failed, left to the sweep", bucket, failure);
                }
            });
        }
    }

    private void sweepNow() {
        if (relaying) {
            sweep();
        }
    }

    /**
     * Relays every outbox that holds anything once; completes when all are done (failures are left to the next
     * sweep). A master that cannot say which of its outboxes hold anything (the client's view of the slots is
     * behind) has each of its buckets relayed, as every relay is routed on its own.
     */
    CompletableFuture<Void> sweep() {
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int[] group : shards.get()) {
            all.add(pending.<List<Long>>run(redis, group, true, keys::outbox)
                    .handle((found, failure) -> {
                        if (failure != null) {
                            return group;
                        }
                        return found.stream().mapToInt(i -> group[i.intValue() - 1]).toArray();
                    })
                    .thenCompose(buckets -> {
                        List<CompletableFuture<Throwable>> relayed = new ArrayList<>(buckets.length);
                        for (int b : buckets) {
                            relayed.add(relay(b).handle((ids, failure) -> failure));
                        }
                        return CompletableFuture.allOf(relayed.toArray(CompletableFuture[]::new))
                                .thenApply(done -> relayed.stream().map(CompletableFuture::join)
                                        .filter(f -> f != null).findFirst().orElse(null));
                    }));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(done -> {
            all.stream().map(CompletableFuture::join).filter(f -> f != null).findFirst()
                    .ifPresent(f -> telemetry.adapterFailed("event_relay", (Throwable) f));
            return null;
        });
    }

    /**
     * Relays the bucket's outbox until it is empty; completes with the log's stream id of each outbox entry that
     * this relay appended (an entry another relay appended is not among them).
     */
    CompletableFuture<Map<String, String>> relay(int bucket) {
        CompletableFuture<Map<String, String>> next = new CompletableFuture<>();
        CompletableFuture<Map<String, String>> previous;
        synchronized (this) {
            if (!lastStarted && lastBucket == bucket) {
                return last;
            }
            previous = last;
            last = next;
            lastBucket = bucket;
            lastStarted = false;
        }
        previous.handle((done, failure) -> null).thenCompose(ignored -> {
            synchronized (this) {
                if (last == next) {
                    lastStarted = true;
                }
            }
            return drain(bucket, new HashMap<>());
        }).whenComplete((appended, failure) -> {
            if (failure != null) {
                next.completeExceptionally(failure);
            } else {
                next.complete(appended);
            }
        });
        return next;
    }

    /** Completes once every relay asked for until now has run, whether it succeeded or not. */
    CompletableFuture<Void> settled() {
        CompletableFuture<Map<String, String>> queued;
        synchronized (this) {
            queued = last;
        }
        return queued.handle((done, failure) -> null);
    }

    private CompletableFuture<Map<String, String>> drain(int bucket, Map<String, String> appended) {
        String outbox = keys.outbox(bucket);
        return read.<List<Object>>run(redis, new String[] {outbox, keys.epoch(bucket)},
                        UUID.randomUUID().toString(), Integer.toString(BATCH))
                .thenCompose(read -> {
                    int entries = (read.size() - 1) / 2;
                    if (entries == 0) {
                        return CompletableFuture.completedFuture(appended);
                    }
                    List<String> args = new ArrayList<>(4 + 2 * entries);
                    args.add(Integer.toString(bucket));
                    args.add(keep);
                    args.add(EventIds.newGeneration());
                    args.add((String) read.get(0));
                    for (int i = 1; i < read.size(); i++) {
                        args.add((String) read.get(i));
                    }
                    String[] logKeys = {keys.eventLog(), keys.eventGeneration(), keys.relayed()};
                    return relay.<List<Object>>run(redis, logKeys, args.toArray(String[]::new))
                            .thenCompose(ids -> {
                                for (int i = 0; i < entries; i++) {
                                    String id = (String) ids.get(i + 1);
                                    if (id != null && !id.isEmpty()) {
                                        appended.put((String) read.get(1 + 2 * i),
                                                EventIds.id((String) ids.get(0), id));
                                    }
                                }
                                String last = (String) read.get(read.size() - 2);
                                return Failures.guard(() -> redis.xtrim(outbox,
                                        XTrimArgs.Builder.minId(successor(last)).exactTrimming()));
                            })
                            .thenCompose(trimmed -> entries < BATCH
                                    ? CompletableFuture.completedFuture(appended)
                                    : drain(bucket, appended));
                });
    }

    /** The smallest stream id after {@code id}: trimming to it as the minimum drops {@code id} and all before. */
    static String successor(String id) {
        int dash = id.indexOf('-');
        return id.substring(0, dash) + "-" + (Long.parseLong(id.substring(dash + 1)) + 1);
    }
}
