package dev.roster.adapters.redis;

import dev.roster.domain.NodeBoot;
import dev.roster.domain.Outcome;
import dev.roster.domain.Presence;
import dev.roster.domain.PresenceEvent;
import dev.roster.domain.StoreUnavailableException;
import dev.roster.domain.Transition;
import dev.roster.domain.UserId;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Transitions committed by compare-and-set. A transition runs in Java on the presence this node last saw (ADR 7)
 * and is committed by one script that writes only if the stored version is still the one it ran on, updating the
 * user's bucket indexes in the same slot; on a conflict the script hands back the stored presence and the
 * transition runs again on it, up to {@link #MAX_TRIES} times. The room index follows right after each commit, and
 * the outcome carries the sizes of the rooms it wrote.
 */
final class CompareAndSetCommits {
    /** Retries on conflict before giving up; only a user changed by many nodes at once ever needs more than two. */
    static final int MAX_TRIES = 50;

    private final RedisClusterAsyncCommands<String, String> redis;
    private final Keys keys;
    private final RedisSettings settings;
    private final PresenceCodec codec;
    private final RecentPresences recent;
    private final PresenceReads reads;
    private final RoomIndex rooms;
    private final AnswerThread answers;
    private final EventAppends appends;
    private final LuaScript commit = LuaScript.load("commit", ScriptOutputType.MULTI);

    CompareAndSetCommits(RedisClusterAsyncCommands<String, String> redis, Keys keys, RedisSettings settings,
                         PresenceCodec codec, RecentPresences recent, PresenceReads reads, RoomIndex rooms,
                         AnswerThread answers, EventAppends appends) {
        this.redis = redis;
        this.keys = keys;
        this.settings = settings;
        this.codec = codec;
        this.recent = recent;
        this.reads = reads;
        this.rooms = rooms;
        this.answers = answers;
        this.appends = appends;
    }

    /** Runs the transition on the presence remembered for the user, or on the stored one when none is. */
    CompletableFuture<Outcome> apply(UserId user, Transition transition) {
        Presence cached = recent.get(user);
        return cached == null
                ? reads.read(user).thenCompose(stored -> attempt(user, stored, true, transition, 1))
                : attempt(user, cached, false, transition, 1);
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
            return reads.read(user).thenCompose(stored -> stored.version() == known.version()
                    ? CompletableFuture.completedFuture(outcome)
                    : attempt(user, stored, true, transition, tries + 1));
        }
        Presence next = changed.next();
        return write(known, next, changed.events()).thenCompose(stored -> {
            if (stored != null) {
                // another try runs the transition again: on the answers thread, off Lettuce's I/O thread
                return CompletableFuture.supplyAsync(() -> attempt(user, stored, true, transition, tries + 1),
                        answers).thenCompose(retried -> retried);
            }
            // the presence is committed: whatever happens to the room index now, the outcome stands. The room
            // index's write is only sent from here, on Lettuce's I/O thread, which is cheap; a hop to the answers
            // thread first would cost a wake-up and a queue, and the answer goes there once anyway (UserLines)
            return rooms.follow(known, next).handle((sizes, failure) -> {
                if (failure != null) {
                    rooms.followLater(known, next);
                    return outcome;
                }
                return changed.withRoomSizes(sizes);
            });
        });
    }

    /**
     * Completes with null when written, and the events appended with it, else with the presence that is stored
     * instead (and nothing appended).
     */
    private CompletableFuture<Presence> write(Presence before, Presence after, List<PresenceEvent> events) {
        UserId user = after.user();
        int bucket = keys.bucket(user);
        Set<NodeBoot> bootsBefore = boots(before);
        Set<NodeBoot> bootsAfter = boots(after);
        List<String> keyList = new ArrayList<>(List.of(keys.presence(user), keys.online(bucket), keys.due(bucket),
                keys.boots(bucket), appends.stream(bucket)));
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
                after.listed() ? "1" : "0", due, ttl, user.value(), Integer.toString(leaving), appends.keep()));
        args.addAll(bootNames);
        appends.encode(events, args);
        return commit.<List<Object>>run(redis, keyList.toArray(String[]::new), args.toArray(String[]::new))
                .thenApply(result -> {
                    if (((Number) result.get(0)).longValue() == 1) {
                        recent.put(after, value);
                        if (!events.isEmpty()) {
                            appends.committed(bucket);
                        }
                        return null;
                    }
                    return reads.decoded(user, result.size() > 1 ? (String) result.get(1) : null);
                });
    }

    private static Set<NodeBoot> boots(Presence presence) {
        Set<NodeBoot> boots = new HashSet<>();
        presence.sessions().values().forEach(e -> boots.add(NodeBoot.of(e.session())));
        return boots;
    }
}
