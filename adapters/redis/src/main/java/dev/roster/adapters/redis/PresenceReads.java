package dev.roster.adapters.redis;

import dev.roster.domain.Presence;
import dev.roster.domain.UserId;
import io.lettuce.core.KeyValue;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads of stored presences: one by GET, many by MGETs of at most {@link #MGET_CHUNK} keys on the bulk connection.
 * A value that is exactly the one this node remembers for the user is not decoded again; values are decoded on the
 * answer thread, never on Lettuce's I/O thread.
 */
final class PresenceReads {
    /** Keys per MGET when reading many presences, so that one read never holds Redis up for long. */
    static final int MGET_CHUNK = 500;

    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisClusterAsyncCommands<String, String> bulk;
    private final BulkReads bulkReads;
    private final Keys keys;
    private final PresenceCodec codec;
    private final RecentPresences recent;
    private final AnswerThread answers;

    /**
     * @param bulk a second connection, for the reads of many values at once (a room's members and their presences):
     *             replies of hundreds of kilobytes that small commands must not queue behind
     */
    PresenceReads(RedisClusterAsyncCommands<String, String> redis, RedisClusterAsyncCommands<String, String> bulk,
                  BulkReads bulkReads, Keys keys, PresenceCodec codec, RecentPresences recent, AnswerThread answers) {
        this.redis = redis;
        this.bulk = bulk;
        this.bulkReads = bulkReads;
        this.keys = keys;
        this.codec = codec;
        this.recent = recent;
        this.answers = answers;
    }

    /**
     * The user's stored presence, decoded and completed on the answer thread in one task (completed there, it needs
     * no further hand-off to be an answer of the store).
     */
    CompletableFuture<Presence> read(UserId user) {
        return answers.handOff(Failures.guard(() -> redis.get(keys.presence(user))), stored -> decoded(user, stored));
    }

    /**
     * MGETs of up to {@link #MGET_CHUNK} keys, all sent before any answer is awaited (on a cluster, Lettuce splits
     * each by slot): a room of a thousand is a handful of commands, not a thousand GETs.
     */
    CompletableFuture<List<Presence>> readAll(Collection<UserId> users) {
        List<UserId> wanted = List.copyOf(users);
        List<CompletableFuture<List<Presence>>> chunks = new ArrayList<>();
        for (int from = 0; from < wanted.size(); from += MGET_CHUNK) {
            chunks.add(chunk(wanted.subList(from, Math.min(wanted.size(), from + MGET_CHUNK))));
        }
        return CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<Presence> all = new ArrayList<>(wanted.size());
            chunks.forEach(chunk -> all.addAll(chunk.join()));
            return all;
        });
    }

    private CompletableFuture<List<Presence>> chunk(List<UserId> users) {
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

    /** A stored value as a presence, decoded only when it is not the value this node remembers for the user. */
    Presence decoded(UserId user, String stored) {
        Presence known = recent.ifStored(user, stored);
        if (known != null) {
            return known;
        }
        Presence presence = codec.decode(user, stored);
        recent.put(presence, stored);
        return presence;
    }
}
