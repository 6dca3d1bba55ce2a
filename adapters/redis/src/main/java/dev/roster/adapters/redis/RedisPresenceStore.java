package dev.roster.adapters.redis;

import dev.roster.application.port.out.PresenceDirectory;
import dev.roster.application.port.out.SessionRegistry;
import dev.roster.domain.StoreUnavailableException;
import dev.roster.domain.NodeBoot;
import dev.roster.domain.Outcome;
import dev.roster.domain.Presence;
import dev.roster.domain.RoomId;
import dev.roster.domain.Transition;
import dev.roster.domain.UserId;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The shared presence in Redis. A transition runs in Java on the presence this node last saw (ADR 7) and is
 * committed by one script that writes only if the stored version is still the one it ran on, updating the user's
 * bucket indexes in the same slot; on a conflict the script hands back the stored presence and the transition
 * runs again on it. The room index follows right after each commit.
 */
public final class RedisPresenceStore implements SessionRegistry, PresenceDirectory {
    /** Keys per MGET when reading many presences, so that one read never holds Redis up for long. */
    static final int MGET_CHUNK = 500;
    /** Retries on conflict before giving up; only a user changed by many nodes at once ever needs more than two. */
    static final int MAX_TRIES = 50;
    /** Reads of whole rooms in flight at once, over all rooms. */
    static final int BULK_READS_IN_FLIGHT = 4;

    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisClusterAsyncCommands<String, String> bulk;
    private final BulkReads bulkReads = new BulkReads(BULK_READS_IN_FLIGHT);
    private final Keys keys;
    private final RedisSettings settings;
    private final PresenceCodec codec = new PresenceCodec();
    private final LuaScript commit;
    private final RoomIndex rooms;
    private final BucketIndexes indexes;
    private final RecentPresences recent;
    private final Map<UserId, CompletableFuture<Outcome>> inLine = new ConcurrentHashMap<>();
    private volatile boolean reasserting;
    private final Executor answers;

    /**
     * @param bulk    a second connection, for the reads of many values at once (a room's members and their
     *                presences): replies of hundreds of kilobytes that small commands must not queue behind
     * @param answers where every answer of this store completes: one thread, so answers keep the order in which
     *                Redis gave them, and never Lettuce's I/O thread, which must stay free to read replies: what the
     *                callers chain on an answer (a joined reply listing a thousand members, say) ran there before,
     *                and under load held up the replies of other commands past their timeout
     */
    RedisPresenceStore(RedisClusterAsyncCommands<String, String> redis, RedisClusterAsyncCommands<String, String> bulk,
                       Keys keys, RedisSettings settings, Executor answers) {
        this.answers = answers;
        this.redis = redis;
        this.bulk = bulk;
        this.keys = keys;
        this.settings = settings;
        this.commit = LuaScript.load("commit", ScriptOutputType.MULTI);
        this.rooms = new RoomIndex(redis, bulk, bulkReads, keys, settings.tombstoneRetention());
        this.indexes = new BucketIndexes(redis, keys);
        this.recent = new RecentPresences(settings.cacheSize());
    }

    /**
     * Transitions of one user on this node run one after the other, so that only other nodes can race a commit:
     * optimistic retries stay few even when one node hammers one user.
     */
    @Override
    public CompletionStage<Outcome> apply(UserId user, Transition transition) {
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        CompletableFuture<Outcome> queued = inLine.compute(user, (u, tail) -> {
            CompletableFuture<?> before = tail == null ? CompletableFuture.completedFuture(null) : tail;
            return before.handle((v, e) -> null).thenCompose(ready -> applyNow(user, transition));
        });
        queued.whenComplete((outcome, failure) -> {
            inLine.remove(user, queued);
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            answers.execute(() -> {
                if (cause != null) {
                    result.completeExceptionally(cause);
                } else {
                    result.complete(outcome);
                }
            });
        });
        return result;
    }

    private CompletableFuture<Outcome> applyNow(UserId user, Transition transition) {
        Presence cached = recent.get(user);
        CompletableFuture<Outcome> applied = cached == null
                ? read(user).thenCompose(stored -> attempt(user, stored, true, transition, 1))
                : attempt(user, cached, false, transition, 1);
        if (!reasserting) {
            return applied;
        }
        // a shard that lost its data may have lost a room index whose members' presences live elsewhere
        return applied.thenCompose(outcome -> outcome instanceof Outcome.Changed
                ? CompletableFuture.completedFuture(outcome)
                : rooms.assertIn(outcome.presence()).thenApply(done -> outcome));
    }

    /**
     * While on, an outcome without change still writes the user's rooms to the room index: set while this node
     * registers its sessions again after Redis lost data, since a room index can be lost on its own.
     */
    void reassertRooms(boolean on) {
        reasserting = on;
    }

    /**
     * Runs the transition on {@code known}. A change is committed by compare-and-set; an outcome without change is
     * returned only once {@code known} is confirmed to be the stored presence, since it was decided on it.
     */
    private CompletableFuture<Outcome> attempt(UserId user, Presence known, boolean confirmed, Transition transition,
                                               int tries) {
        if (tries > MAX_TRIES) {
            return CompletableFuture.failedFuture(new StoreUnavailableException(
                    "presence of " + user + " kept changing under " + MAX_TRIES + " attempts"));
        }
        Outcome outcome;
        try {
            outcome = transition.apply(known);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (!(outcome instanceof Outcome.Changed changed)) {
            if (confirmed) {
                return CompletableFuture.completedFuture(outcome);
            }
            return read(user).thenCompose(stored -> stored.version() == known.version()
                    ? CompletableFuture.completedFuture(outcome)
                    : attempt(user, stored, true, transition, tries + 1));
        }
        Presence next = changed.next();
        // the rest of the attempt (another try, the room index) runs on the answers thread, off Lettuce's I/O thread
        return write(known, next).thenComposeAsync(stored -> {
            if (stored != null) {
                return attempt(user, stored, true, transition, tries + 1);
            }
            // the presence is committed: whatever happens to the room index now, the outcome stands
            return rooms.follow(known, next).handle((done, failure) -> {
                if (failure != null) {
                    rooms.followLater(known, next);
                }
                return outcome;
            });
        }, answers);
    }

    /** Completes with null when written, else with the presence that is stored instead. */
    private CompletableFuture<Presence> write(Presence before, Presence after) {
        UserId user = after.user();
        int bucket = keys.bucket(user);
        Set<NodeBoot> bootsBefore = boots(before);
        Set<NodeBoot> bootsAfter = boots(after);
        List<String> keyList = new ArrayList<>(List.of(keys.presence(user), keys.online(bucket), keys.due(bucket),
                keys.boots(bucket)));
        List<String> bootNames = new ArrayList<>();
        int leaving = 0;
        for (NodeBoot boot : bootsBefore) {
            if (!bootsAfter.contains(boot)) {
                keyList.add(keys.boot(bucket, boot));
                bootNames.add(boot.toString());
                leaving++;
            }
        }
        for (NodeBoot boot : bootsAfter) {
            if (!bootsBefore.contains(boot)) {
                keyList.add(keys.boot(bucket, boot));
                bootNames.add(boot.toString());
            }
        }
        String due = after.nextDeadline().map(d -> Long.toString(Instants.ceilMicros(d))).orElse("");
        String ttl = after.listed() ? "" : Long.toString(settings.offlineRetention().toMillis());
        String value = codec.encode(after);
        List<String> args = new ArrayList<>(List.of(Long.toString(before.version()), value,
                after.listed() ? "1" : "0", due, ttl, user.value(), Integer.toString(leaving)));
        args.addAll(bootNames);
        return commit.<List<Object>>run(redis, keyList.toArray(String[]::new), args.toArray(String[]::new))
                .thenApply(result -> {
                    if (((Number) result.get(0)).longValue() == 1) {
                        recent.put(after, value);
                        return null;
                    }
                    return decoded(user, result.size() > 1 ? (String) result.get(1) : null);
                });
    }

    /** A stored value as a presence, decoded only when it is not the value this node remembers for the user. */
    private Presence decoded(UserId user, String stored) {
        Presence known = recent.ifStored(user, stored);
        if (known != null) {
            return known;
        }
        Presence presence = codec.decode(user, stored);
        recent.put(presence, stored);
        return presence;
    }

    private static Set<NodeBoot> boots(Presence presence) {
        Set<NodeBoot> boots = new java.util.HashSet<>();
        presence.sessions().values().forEach(e -> boots.add(NodeBoot.of(e.session())));
        return boots;
    }

    private CompletableFuture<Presence> read(UserId user) {
        return Failures.guard(() -> redis.get(keys.presence(user))).thenApplyAsync(stored -> decoded(user, stored),
                answers);
    }

    @Override
    public CompletionStage<Presence> find(UserId user) {
        return answered(read(user));
    }

    @Override
    public CompletionStage<List<Presence>> findAll(Collection<UserId> users) {
        // MGETs of up to MGET_CHUNK keys, all sent before any answer is awaited (on a cluster, Lettuce splits each
        // by slot): a room of a thousand is a handful of commands, not a thousand GETs
        List<UserId> wanted = List.copyOf(users);
        List<CompletableFuture<List<Presence>>> chunks = new ArrayList<>();
        for (int from = 0; from < wanted.size(); from += MGET_CHUNK) {
            chunks.add(readAll(wanted.subList(from, Math.min(wanted.size(), from + MGET_CHUNK))));
        }
        return answered(CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<Presence> all = new ArrayList<>(wanted.size());
            chunks.forEach(chunk -> all.addAll(chunk.join()));
            return all;
        }));
    }

    private CompletableFuture<List<Presence>> readAll(List<UserId> users) {
        String[] presenceKeys = users.stream().map(keys::presence).toArray(String[]::new);
        // decoded on the answers thread: a thousand values are too much work for Lettuce's I/O thread
        return bulkReads.run(() -> Failures.guard(() -> bulk.mget(presenceKeys))).thenApplyAsync(values -> {
            List<Presence> all = new ArrayList<>(users.size());
            for (int i = 0; i < users.size(); i++) {
                KeyValue<String, String> value = values.get(i);
                all.add(decoded(users.get(i), value.hasValue() ? value.getValue() : null));
            }
            return all;
        }, answers);
    }

    /** Seeks the prefix in every bucket's sorted index rather than filtering whole pages. */
    @Override
    public CompletionStage<OnlinePage> online(String prefix, int limit, UserId after) {
        return answered(indexes.online(prefix == null ? "" : prefix, limit, after));
    }

    @Override
    public CompletionStage<Long> onlineCount() {
        return answered(indexes.onlineCount());
    }

    @Override
    public CompletionStage<Set<UserId>> roomMembers(RoomId room) {
        return answered(rooms.members(room));
    }

    @Override
    public CompletionStage<Set<UserId>> roomSample(RoomId room, int limit) {
        return answered(rooms.sample(room, limit));
    }

    @Override
    public CompletionStage<Long> roomSize(RoomId room) {
        return answered(rooms.size(room));
    }

    @Override
    public CompletionStage<List<UserId>> dueForExpiry(Instant now, int limit) {
        return answered(indexes.due(now, limit));
    }

    @Override
    public CompletionStage<Set<UserId>> usersOn(NodeBoot boot) {
        return answered(indexes.usersOn(boot));
    }

    /** A part is a bucket: reconciliation reads one bucket's boot set per tick. */
    @Override
    public int parts() {
        return keys.buckets();
    }

    @Override
    public int partOf(UserId user) {
        return keys.bucket(user);
    }

    @Override
    public CompletionStage<Set<UserId>> usersOn(NodeBoot boot, int part) {
        return answered(indexes.usersOn(boot, part));
    }

    @Override
    public CompletionStage<Set<NodeBoot>> bootsIn(int part) {
        return answered(indexes.bootsIn(part));
    }

    /** The answer, completed on the answers thread (see the constructor). */
    private <T> CompletionStage<T> answered(CompletionStage<T> answer) {
        CompletableFuture<T> handed = new CompletableFuture<>();
        answer.whenComplete((value, failure) -> answers.execute(() -> {
            if (failure != null) {
                handed.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            } else {
                handed.complete(value);
            }
        }));
        return handed;
    }
}
