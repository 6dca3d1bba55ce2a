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
import java.util.function.IntFunction;

/**
 * Reads of the per-bucket indexes the commit script keeps: online users (listed by bucket, then by name, so that
 * a position, the last user of a page, stays valid while users come and go: its bucket follows from its id), grace
 * deadlines, and the users of each node boot.
 *
 * <p>On one server (standalone or Sentinel) the reads that every node repeats on a timer, the grace sweep's due
 * users and the online count, are one script over every bucket, so that an idle node's load does not grow with the
 * buckets (ADR 10); on a Cluster a script cannot span slots, and they read bucket by bucket.
 */
final class BucketIndexes {
    private final RedisClusterAsyncCommands<String, String> redis;
    private final Keys keys;
    private final boolean oneServer;
    private final LuaScript dueAll = LuaScript.load("due-all", ScriptOutputType.MULTI);
    private final LuaScript countAll = LuaScript.load("online-count", ScriptOutputType.INTEGER);

    /** @param oneServer whether every bucket is on one server (standalone or Sentinel), not spread over a Cluster */
    BucketIndexes(RedisClusterAsyncCommands<String, String> redis, Keys keys, boolean oneServer) {
        this.redis = redis;
        this.keys = keys;
        this.oneServer = oneServer;
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
        if (oneServer) {
            return countAll.run(redis, everyKey(keys::online));
        }
        return everyBucket(b -> Failures.guard(() -> redis.zcard(keys.online(b))))
                .thenApply(counts -> counts.stream().mapToLong(Long::longValue).sum());
    }

    CompletableFuture<List<UserId>> due(Instant now, int limit) {
        if (oneServer) {
            return dueAll.<List<String>>run(redis, everyKey(keys::due), Long.toString(Instants.floorMicros(now)),
                    Integer.toString(limit)).thenApply(users -> users.stream().map(UserId::of).toList());
        }
        Range<Long> range = Range.from(Range.Boundary.unbounded(), Range.Boundary.including(Instants.floorMicros(now)));
        return everyBucket(b -> Failures.guard(() -> redis.zrangebyscore(keys.due(b), range, Limit.create(0, limit))))
                .thenApply(all -> all.stream().flatMap(List::stream).limit(limit).map(UserId::of).toList());
    }

    private String[] everyKey(IntFunction<String> key) {
        String[] all = new String[keys.buckets()];
        for (int b = 0; b < all.length; b++) {
            all[b] = key.apply(b);
        }
        return all;
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
        List<CompletableFuture<T>> all = new ArrayList<>(keys.buckets());
        for (int b = 0; b < keys.buckets(); b++) {
            all.add(command.apply(b));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .thenApply(done -> all.stream().map(CompletableFuture::join).toList());
    }
}
