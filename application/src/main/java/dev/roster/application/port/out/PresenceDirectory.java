package dev.roster.application.port.out;

import dev.roster.domain.NodeBoot;
import dev.roster.domain.NodeId;
import dev.roster.domain.Presence;
import dev.roster.domain.RoomId;
import dev.roster.domain.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** Read side of the shared presence: lookups and the indexes a {@link SessionRegistry} keeps. */
public interface PresenceDirectory {

    /** The user's presence; {@code Presence.unknown(user)} when the store has never seen it. */
    CompletionStage<Presence> find(UserId user);

    /** The presence of each user, in the order asked. */
    CompletionStage<List<Presence>> findAll(Collection<UserId> users);

    /** One page of the users listed as online; every listed user appears exactly once across the pages. */
    CompletionStage<OnlinePage> online(int limit, String cursor);

    CompletionStage<Long> onlineCount();

    /** Most underlying pages a prefix search reads before it hands back a partial page and its cursor. */
    int SEARCH_SCAN_PAGES = 64;

    /**
     * Like {@link #online(int, String)}, restricted to user ids that start with {@code prefix} (empty: all). This
     * default walks the online pages and filters; an adapter with a sorted index should seek the prefix instead. A
     * page may hold fewer than {@code limit} users while {@code next} is not null: keep following it.
     */
    default CompletionStage<OnlinePage> online(String prefix, int limit, String cursor) {
        if (prefix == null || prefix.isEmpty()) {
            return online(limit, cursor);
        }
        return scan(prefix, limit, cursor, new java.util.ArrayList<>(), SEARCH_SCAN_PAGES);
    }

    private CompletionStage<OnlinePage> scan(String prefix, int limit, String cursor, List<UserId> found,
                                             int pagesLeft) {
        return online(limit - found.size(), cursor).thenCompose(page -> {
            page.users().stream().filter(u -> u.value().startsWith(prefix)).forEach(found::add);
            if (page.next() == null || found.size() >= limit || pagesLeft <= 1) {
                return java.util.concurrent.CompletableFuture.completedFuture(new OnlinePage(found, page.next()));
            }
            return scan(prefix, limit, page.next(), found, pagesLeft - 1);
        });
    }

    /**
     * The users the room index holds. An index may briefly hold a user who already left, so callers confirm with
     * {@link dev.roster.domain.Presence#inRoom(RoomId)}.
     */
    CompletionStage<Set<UserId>> roomMembers(RoomId room);

    /**
     * Up to {@code limit} of the users the room index holds, any of them (callers confirm them as for
     * {@link #roomMembers}). This default reads the whole index; an adapter should read only a part of a large one.
     */
    default CompletionStage<Set<UserId>> roomSample(RoomId room, int limit) {
        return roomMembers(room).thenApply(members -> members.stream().limit(limit)
                .collect(java.util.stream.Collectors.toSet()));
    }

    /** How many users the room index holds; an adapter that keeps a count should answer without the list. */
    default CompletionStage<Long> roomSize(RoomId room) {
        return roomMembers(room).thenApply(members -> (long) members.size());
    }

    /** Users whose next grace deadline is at or before {@code now}, at most {@code limit} of them. */
    CompletionStage<List<UserId>> dueForExpiry(Instant now, int limit);

    /** Users with at least one session held by this boot of this node. */
    CompletionStage<Set<UserId>> usersOn(NodeId node, String boot);

    /**
     * How many parts the users of each node boot are kept in, so that a node can compare what the store lists for
     * it with the sessions it holds one part at a time; each user belongs to exactly one part, {@link #partOf}.
     */
    default int parts() {
        return 1;
    }

    default int partOf(UserId user) {
        return 0;
    }

    /** The users of one part with at least one session held by this node boot. */
    default CompletionStage<Set<UserId>> usersOn(NodeBoot boot, int part) {
        return usersOn(boot.node(), boot.boot());
    }

    /**
     * The node boots that hold at least one session of a user in this part, lease or no lease: how a boot whose
     * lease is gone (a store that lost it, a node that died before writing it) is still found and reaped.
     */
    default CompletionStage<Set<NodeBoot>> bootsIn(int part) {
        return java.util.concurrent.CompletableFuture.completedFuture(Set.of());
    }

    /**
     * A page of online user ids. {@code next} is null on the last page.
     */
    record OnlinePage(List<UserId> users, String next) {
        public OnlinePage {
            users = List.copyOf(users);
        }
    }

    /** The cursor given to {@link #online(int, String)} was not one this directory handed out. */
    class BadCursorException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public BadCursorException(String cursor) {
            super("not a cursor this server handed out: " + cursor);
        }
    }
}
