package dev.roster.adapters.redis;

import dev.roster.application.port.out.PresenceDirectory.RoomPage;
import dev.roster.application.port.out.Telemetry;
import dev.roster.domain.Presence;
import dev.roster.domain.RoomId;
import dev.roster.domain.UserId;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is in each room, one hash per room in the room's own slot, with the members sorted by id beside it (what
 * pages are read from) and the tombstones by version (so that writes drop the old ones). Written right after a
 * user's commit, in any order from any node: an entry changes only for a newer presence version, so a late write
 * never undoes a newer one. Readers confirm each member against its presence, so a stale entry is harmless.
 */
final class RoomIndex {
    private static final String COUNT_FIELD = "#";
    private static final Logger LOG = LoggerFactory.getLogger(RoomIndex.class);
    private static final Duration LATER_EVERY = Duration.ofMillis(500);
    private static final int LATER_TRIES = 120;

    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisClusterAsyncCommands<String, String> bulk;
    private final BulkReads bulkReads;
    private final Keys keys;
    private final LuaScript update;
    private final LuaScript prune;
    private final LuaScript page;
    private final Duration tombstones;
    private final Telemetry telemetry;

    RoomIndex(RedisClusterAsyncCommands<String, String> redis, Keys keys, Duration tombstones) {
        this(redis, redis, new BulkReads(1), keys, tombstones, Telemetry.NONE);
    }

    /**
     * @param bulk      the connection for reads of whole rooms, so that small commands never queue behind them
     * @param bulkReads how many of those may be in flight at once
     * @param telemetry told of an update still not written after its retries ({@code room_index})
     */
    RoomIndex(RedisClusterAsyncCommands<String, String> redis, RedisClusterAsyncCommands<String, String> bulk,
              BulkReads bulkReads, Keys keys, Duration tombstones, Telemetry telemetry) {
        this.telemetry = telemetry;
        this.redis = redis;
        this.bulk = bulk;
        this.bulkReads = bulkReads;
        this.keys = keys;
        this.tombstones = tombstones;
        this.update = LuaScript.load("room", ScriptOutputType.INTEGER);
        this.prune = LuaScript.load("prune", ScriptOutputType.INTEGER);
        this.page = LuaScript.load("room-page", ScriptOutputType.MULTI);
    }

    /**
     * Writes the rooms whose membership differs between the two presences, all at once, and completes with the
     * members each of them counts right after its write: the same script counts them, so the size costs no
     * command of its own.
     */
    CompletableFuture<Map<RoomId, Long>> follow(Presence before, Presence after) {
        Set<RoomId> rooms = new TreeSet<>(before.rooms());
        rooms.addAll(after.rooms());
        Map<RoomId, CompletableFuture<Long>> writes = new HashMap<>();
        for (RoomId room : rooms) {
            boolean in = after.inRoom(room);
            if (in != before.inRoom(room)) {
                writes.put(room, update.<Long>run(redis, new String[] {keys.room(room), keys.roomSorted(room),
                        keys.roomTombstones(room)}, after.user().value(), in ? "in" : "out",
                        Long.toString(after.version()), Long.toString(tombstones.toMillis())));
            }
        }
        return CompletableFuture.allOf(writes.values().toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<RoomId, Long> sizes = new HashMap<>();
            // a count below zero would be a hash an operator edited: it says nothing of the room's size
            writes.forEach((room, write) -> sizes.put(room, Math.max(0L, write.join())));
            return sizes;
        });
    }

    /**
     * Retries {@link #follow} in the background while Redis is away, a bounded number of times: the writes are
     * version-guarded, so a late one never undoes a newer one. Past that, the restore after a reset re-asserts.
     */
    void followLater(Presence before, Presence after) {
        followLater(before, after, 1);
    }

    private void followLater(Presence before, Presence after, int attempt) {
        CompletableFuture.runAsync(() -> follow(before, after).whenComplete((done, failure) -> {
            if (failure != null && attempt < LATER_TRIES) {
                followLater(before, after, attempt + 1);
            } else if (failure != null) {
                LOG.debug("room index of {} not updated after {} tries", after.user(), attempt, failure);
                telemetry.adapterFailed("room_index", failure);
            }
        }), CompletableFuture.delayedExecutor(LATER_EVERY.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Re-asserts that the user is in each of its rooms, for an index that may have missed a write. */
    CompletableFuture<Void> assertIn(Presence presence) {
        return follow(Presence.unknown(presence.user()), presence).thenApply(sizes -> null);
    }

    /** The members counted in the room's hash, without reading the members. */
    CompletableFuture<Long> size(RoomId room) {
        return Failures.guard(() -> redis.hget(keys.room(room), COUNT_FIELD))
                .thenApply(count -> count == null ? 0L : Long.parseLong(count));
    }

    /**
     * Up to {@code limit} members, whichever the first step of a scan finds, without reading the whole hash: one
     * {@code HSCAN} asked for twice as many fields, since some are tombstones of members who left. (HRANDFIELD, tried
     * first, took up to 20 ms on a hash of 10,000 members and held Redis up meanwhile.)
     */
    CompletableFuture<Set<UserId>> sample(RoomId room, int limit) {
        ScanArgs step = ScanArgs.Builder.limit(2L * limit + 1);
        String key = keys.room(room);
        return bulkReads.run(() -> Failures.guard(() -> bulk.hscan(key, ScanCursor.INITIAL, step))).thenApply(scan -> {
            Set<UserId> members = new HashSet<>();
            scan.getMap().forEach((field, value) -> {
                if (members.size() < limit && !COUNT_FIELD.equals(field) && value.startsWith("in:")) {
                    members.add(UserId.of(field));
                }
            });
            return members;
        });
    }

    /**
     * At most {@code limit} members after the position (null: from the first), in id order, read from the room's
     * sorted members by one script ({@code ZRANGEBYLEX}), asked for one more than the page to tell whether another
     * follows. The script rebuilds the sorted members from the hash when a node of an older version wrote the hash
     * alone (ADR 6).
     */
    CompletableFuture<RoomPage> page(RoomId room, int limit, UserId after) {
        if (limit < 1) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("limit must be at least 1"));
        }
        String[] roomKeys = {keys.room(room), keys.roomSorted(room)};
        String position = after == null ? "" : after.value();
        return bulkReads.run(() -> page.<List<Object>>run(bulk, roomKeys, position, Long.toString(limit + 1L),
                Long.toString(tombstones.toMillis()))).thenApply(read -> {
                    List<UserId> users = new ArrayList<>(Math.min(read.size(), limit));
                    for (int i = 0; i < read.size() && i < limit; i++) {
                        users.add(UserId.of((String) read.get(i)));
                    }
                    return new RoomPage(users, read.size() > limit ? users.get(limit - 1) : null);
                });
    }

    CompletableFuture<Set<UserId>> members(RoomId room) {
        String key = keys.room(room);
        // versions follow the wall clock in thousandths of a millisecond (see Versions in the domain)
        long nowVersion = System.currentTimeMillis() * 1000;
        return bulkReads.run(() -> Failures.guard(() -> bulk.hgetall(key))).thenApply(all -> {
            Set<UserId> members = new HashSet<>();
            List<String> stale = new ArrayList<>();
            long cutoff = nowVersion - tombstones.toMillis() * 1000;
            all.forEach((field, value) -> collect(field, value, cutoff, members, stale));
            if (!stale.isEmpty()) {
                // lazily, off the reader's path: a failed prune is retried by the next reader
                prune.run(redis, new String[] {key}, stale.toArray(String[]::new));
            }
            return members;
        });
    }

    private static void collect(String field, String value, long cutoff, Set<UserId> members, List<String> stale) {
        if (COUNT_FIELD.equals(field)) {
            return;
        }
        if (value.startsWith("in:")) {
            members.add(UserId.of(field));
        } else if (Long.parseLong(value.substring(value.indexOf(':') + 1)) < cutoff) {
            stale.add(field);
            stale.add(value);
        }
    }
}
