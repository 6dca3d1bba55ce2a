package dev.roster.adapters.redis;

import dev.roster.application.port.out.PresenceDirectory.OnlinePage;
import dev.roster.domain.NodeBoot;
import dev.roster.domain.UserId;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Reads of the per-bucket indexes the commit script keeps: online users (listed by bucket, then by name, so that
 * a position, the last user of a page, stays valid while users come and go: its bucket follows from its id), grace
 * deadlines, and the users of each node boot.
 *
 * <p>The reads that every node repeats on a timer, the grace sweep's due users and the online count, are one script
 * per server over the buckets it holds ({@link Shards}, {@link ShardScript}): one on standalone or Sentinel Redis,
 * one per master on a Cluster, so that an idle node's load does not grow with the buckets (ADR 10). A script a
 * Cluster master refuses (the client's view of the slots is behind) is replaced by one command per bucket of its
 * group. The sweep's script also reads the epoch marker of its group's first bucket and hands it to
 * {@link MarkerReadings} (the reset watcher), so that a sweep is also that server's reset check; a group read
 * bucket by bucket hands nothing, and the watcher reads that marker itself.
 */
final class BucketIndexes {
    private final RedisClusterAsyncCommands<String, String> redis;
    private final Keys keys;
    private final Supplier<List<int[]>> shards;
    private final boolean cluster;
    private final ShardScript dueAll = ShardScript.load("due-all", ScriptOutputType.MULTI);
    private final ShardScript countAll = ShardScript.load("online-count", ScriptOutputType.INTEGER);
    private final MarkerReadings markers;

    /** Told of the epoch markers a grace sweep read along its due users. */
    @FunctionalInterface
    interface MarkerReadings {
        MarkerReadings NONE = (bucket, marker) -> {
        };

        /** The marker of {@code bucket} as a sweep just read it, {@code ""} when there is none. */
        void read(int bucket, String marker);
    }

    /**
     * @param shards  the buckets grouped by the server that holds them, asked at every read (a Cluster's slots move)
     * @param cluster whether the buckets are spread over a Cluster, not all on one server (standalone or Sentinel)
     */
    BucketIndexes(RedisClusterAsyncCommands<String, String> redis, Keys keys, Supplier<List<int[]>> shards,
                  boolean cluster) {
        this(redis, keys, shards, cluster, MarkerReadings.NONE);
    }

    /** @param markers told of the epoch marker each sweep script read, the first bucket's of its group */
    BucketIndexes(RedisClusterAsyncCommands<String, String> redis, Keys keys, Supplier<List<int[]>> shards,
                  boolean cluster, MarkerReadings markers) {
        this.redis = redis;
        this.keys = keys;
        this.shards = shards;
        this.cluster = cluster;
        this.markers = markers;
    }

    /**
     * A page of online users whose id starts with {@code prefix} ("" for all) after the position {@code after}
     * (null: from the first), seeking the prefix in each bucket.
     */
    CompletableFuture<OnlinePage> online(String prefix, int limit, UserId after) {
        if (limit < 1) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("limit must be at least 1"));
        }
        if (after == null) {
            return collect(prefix, 0, null, limit, new ArrayList<>());
        }
        return collect(prefix, keys.bucket(after), after.value(), limit, new ArrayList<>());
    }

    /**
     * The ids after {@code after} (or from the start) that start with {@code prefix}. Every id character sorts
     * below DEL (0x7f), so {@code prefix + DEL} bounds the ids that start with the prefix.
     */
    private static Range<String> range(String prefix, String after) {
        Range.Boundary<String> lower;
        if (after != null && after.compareTo(prefix) >= 0) {
            lower = Range.Boundary.excluding(after);
        } else {
            lower = prefix.isEmpty() ? Range.Boundary.unbounded() : Range.Boundary.including(prefix);
        }
        Range.Boundary<String> upper = prefix.isEmpty() ? Range.Boundary.unbounded()
                : Range.Boundary.excluding(prefix + '\u007f');
        return Range.from(lower, upper);
    }

    private CompletableFuture<OnlinePage> collect(String prefix, int bucket, String after, int limit,
                                                  List<UserId> page) {
        if (bucket >= keys.buckets()) {
            return CompletableFuture.completedFuture(new OnlinePage(page, null));
        }
        int wanted = limit - page.size();
        Range<String> range = range(prefix, after);
        // one more than needed tells whether this bucket goes on after the page
        return Failures.guard(() -> redis.zrangebylex(keys.online(bucket), range, Limit.create(0, wanted + 1L)))
                .thenCompose(users -> {
                    users.stream().limit(wanted).forEach(u -> page.add(UserId.of(u)));
                    if (page.size() < limit) {
                        return collect(prefix, bucket + 1, null, limit, page);
                    }
                    UserId last = page.get(page.size() - 1);
                    if (users.size() > wanted) {
                        return CompletableFuture.completedFuture(new OnlinePage(page, last));
                    }
                    return nextNonEmpty(prefix, bucket + 1).thenApply(next -> new OnlinePage(page,
                            next < 0 ? null : last));
                });
    }

    private CompletableFuture<Integer> nextNonEmpty(String prefix, int bucket) {
        if (bucket >= keys.buckets()) {
            return CompletableFuture.completedFuture(-1);
        }
        return Failures.guard(() -> redis.zlexcount(keys.online(bucket), range(prefix, null)))
                .thenCompose(n -> n > 0 ? CompletableFuture.completedFuture(bucket)
                        : nextNonEmpty(prefix, bucket + 1));
    }

    CompletableFuture<Long> onlineCount() {
        return everyShard(group -> countAll.<Long>run(redis, group, cluster, keys::online),
                group -> everyBucket(group, b -> Failures.guard(() -> redis.zcard(keys.online(b))))
                        .thenApply(counts -> counts.stream().mapToLong(Long::longValue).sum()))
                .thenApply(counts -> counts.stream().mapToLong(Long::longValue).sum());
    }

    CompletableFuture<List<UserId>> due(Instant now, int limit) {
        String score = Long.toString(Instants.floorMicros(now));
        Range<Long> range = Range.from(Range.Boundary.unbounded(), Range.Boundary.including(Instants.floorMicros(now)));
        return everyShard(group -> dueAll.<List<Object>>run(redis, group, cluster,
                        new String[] {keys.epoch(group[0])}, keys::due, score, Integer.toString(limit))
                        .thenApply(out -> {
                            markers.read(group[0], (String) out.get(0));
                            return out.subList(1, out.size()).stream().map(String.class::cast).toList();
                        }),
                group -> everyBucket(group, b -> Failures.guard(() -> redis.zrangebyscore(keys.due(b), range,
                                Limit.create(0, limit))))
                        .thenApply(all -> all.stream().flatMap(List::stream).toList()))
                .thenApply(all -> all.stream().flatMap(List::stream).limit(limit).map(UserId::of).toList());
    }

    /**
     * One script per group of buckets a server holds, sent before any is awaited; a group whose script fails on a
     * Cluster (its master no longer serves all of it) is read bucket by bucket instead.
     */
    private <T> CompletableFuture<List<T>> everyShard(Function<int[], CompletableFuture<T>> script,
                                                     Function<int[], CompletableFuture<T>> byBucket) {
        List<CompletableFuture<T>> all = new ArrayList<>();
        for (int[] group : shards.get()) {
            CompletableFuture<T> read = script.apply(group);
            all.add(cluster ? read.exceptionallyCompose(e -> byBucket.apply(group)) : read);
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .thenApply(done -> all.stream().map(CompletableFuture::join).toList());
    }

    CompletableFuture<Set<UserId>> usersOn(NodeBoot boot) {
        return everyBucket(b -> Failures.guard(() -> redis.smembers(keys.boot(b, boot))))
                .thenApply(all -> {
                    Set<UserId> users = new HashSet<>();
                    all.forEach(set -> set.forEach(u -> users.add(UserId.of(u))));
                    return users;
                });
    }

    CompletableFuture<Set<UserId>> usersOn(NodeBoot boot, int bucket) {
        return Failures.guard(() -> redis.smembers(keys.boot(bucket, boot))).thenApply(all -> {
            Set<UserId> users = new HashSet<>();
            all.forEach(u -> users.add(UserId.of(u)));
            return users;
        });
    }

    CompletableFuture<Set<NodeBoot>> bootsIn(int bucket) {
        return Failures.guard(() -> redis.smembers(keys.boots(bucket))).thenApply(BootNames::parse);
    }

    /** Sends one command per bucket before awaiting any, so Lettuce pipelines them. */
    private <T> CompletableFuture<List<T>> everyBucket(IntFunction<CompletableFuture<T>> command) {
        return everyBucket(IntStream.range(0, keys.buckets()).toArray(), command);
    }

    private <T> CompletableFuture<List<T>> everyBucket(int[] buckets, IntFunction<CompletableFuture<T>> command) {
        List<CompletableFuture<T>> all = new ArrayList<>(buckets.length);
        for (int b : buckets) {
            all.add(command.apply(b));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .thenApply(done -> all.stream().map(CompletableFuture::join).toList());
    }
}
