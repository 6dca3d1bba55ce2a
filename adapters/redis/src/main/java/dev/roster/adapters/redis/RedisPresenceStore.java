package dev.roster.adapters.redis;

import dev.roster.application.port.out.PresenceDirectory;
import dev.roster.application.port.out.SessionRegistry;
import dev.roster.application.port.out.Telemetry;
import dev.roster.domain.NodeBoot;
import dev.roster.domain.Outcome;
import dev.roster.domain.Presence;
import dev.roster.domain.RoomId;
import dev.roster.domain.Transition;
import dev.roster.domain.UserId;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The shared presence in Redis, both sides of it: transitions wait their turn per user ({@link UserLines}) and are
 * committed by compare-and-set ({@link CompareAndSetCommits}); presences are read one or many at a time
 * ({@link PresenceReads}); the indexes are read by bucket ({@link BucketIndexes}) and by room ({@link RoomIndex}).
 * Every answer completes on one thread of this store ({@link AnswerThread}).
 */
public final class RedisPresenceStore implements SessionRegistry, PresenceDirectory {
    /** Reads of whole rooms in flight at once, over all rooms. */
    static final int BULK_READS_IN_FLIGHT = 4;

    private final Keys keys;
    private final AnswerThread answers;
    private final PresenceReads reads;
    private final RoomIndex rooms;
    private final BucketIndexes indexes;
    private final CompareAndSetCommits commits;
    private final RoomReassertion reassertion;
    private final UserLines lines;

    /**
     * @param bulk    a second connection, for the reads of many values at once (a room's members and their
     *                presences): replies of hundreds of kilobytes that small commands must not queue behind
     * @param answers the one thread where every answer of this store completes (see {@link AnswerThread})
     * @param telemetry told of a room index update still not written after its retries
     * @param appends   where a commit appends its events (the log, or on a cluster the bucket's outbox)
     * @param shards    the buckets grouped by the server that holds them ({@link Shards}), asked at every read
     * @param cluster   whether the buckets are spread over a Cluster, not all on one server (standalone or Sentinel)
     * @param markers   told of the epoch markers the grace sweep reads ({@link ResetWatcher#swept})
     */
    RedisPresenceStore(RedisClusterAsyncCommands<String, String> redis, RedisClusterAsyncCommands<String, String> bulk,
                       Keys keys, RedisSettings settings, Executor answers, Telemetry telemetry,
                       EventAppends appends, Supplier<List<int[]>> shards, boolean cluster,
                       BucketIndexes.MarkerReadings markers) {
        this.keys = keys;
        this.answers = new AnswerThread(answers);
        BulkReads bulkReads = new BulkReads(BULK_READS_IN_FLIGHT);
        PresenceCodec codec = new PresenceCodec();
        RecentPresences recent = new RecentPresences(settings.cacheSize());
        this.reads = new PresenceReads(redis, bulk, bulkReads, keys, codec, recent, this.answers);
        this.rooms = new RoomIndex(redis, bulk, bulkReads, keys, settings.tombstoneRetention(), telemetry);
        this.indexes = new BucketIndexes(redis, keys, shards, cluster, markers);
        this.commits = new CompareAndSetCommits(redis, keys, settings, codec, recent, reads, rooms, this.answers,
                appends);
        this.reassertion = new RoomReassertion(rooms);
        this.lines = new UserLines(this::applyNow, this.answers);
    }

    @Override
    public CompletionStage<Outcome> apply(UserId user, Transition transition) {
        return lines.apply(user, transition);
    }

    private CompletableFuture<Outcome> applyNow(UserId user, Transition transition) {
        return reassertion.after(commits.apply(user, transition));
    }

    /**
     * While on, an outcome without change still writes the user's rooms to the room index: set while this node
     * registers its sessions again after Redis lost data, since a room index can be lost on its own.
     */
    void reassertRooms(boolean on) {
        reassertion.set(on);
    }

    @Override
    public CompletionStage<Presence> find(UserId user) {
        // already completed on the answer thread, by the task that decoded it
        return reads.read(user);
    }

    @Override
    public CompletionStage<List<Presence>> findAll(Collection<UserId> users) {
        return answers.handOff(reads.readAll(users));
    }

    /** Seeks the prefix in every bucket's sorted index rather than filtering whole pages. */
    @Override
    public CompletionStage<OnlinePage> online(String prefix, int limit, UserId after) {
        return answers.handOff(indexes.online(prefix == null ? "" : prefix, limit, after));
    }

    @Override
    public CompletionStage<Long> onlineCount() {
        return answers.handOff(indexes.onlineCount());
    }

    @Override
    public CompletionStage<Set<UserId>> roomMembers(RoomId room) {
        return answers.handOff(rooms.members(room));
    }

    @Override
    public CompletionStage<RoomPage> roomMembers(RoomId room, int limit, UserId after) {
        return answers.handOff(rooms.page(room, limit, after));
    }

    @Override
    public CompletionStage<Set<UserId>> roomSample(RoomId room, int limit) {
        return answers.handOff(rooms.sample(room, limit));
    }

    @Override
    public CompletionStage<Long> roomSize(RoomId room) {
        return answers.handOff(rooms.size(room));
    }

    @Override
    public CompletionStage<List<UserId>> dueForExpiry(Instant now, int limit) {
        return answers.handOff(indexes.due(now, limit));
    }

    @Override
    public CompletionStage<Set<UserId>> usersOn(NodeBoot boot) {
        return answers.handOff(indexes.usersOn(boot));
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
        return answers.handOff(indexes.usersOn(boot, part));
    }

    @Override
    public CompletionStage<Set<NodeBoot>> bootsIn(int part) {
        return answers.handOff(indexes.bootsIn(part));
    }
}
