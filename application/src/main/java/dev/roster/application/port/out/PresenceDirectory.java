package dev.roster.application.port.out;

import dev.roster.domain.NodeBoot;
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

    /** One page of all the users listed as online: {@link #online(String, int, UserId)} with no prefix. */
    default CompletionStage<OnlinePage> online(int limit, UserId after) {
        return online("", limit, after);
    }

    /**
     * One page of at most {@code limit} (at least 1) listed users whose id starts with {@code prefix} (empty: all),
     * in the directory's listing order, starting after the position {@code after} (null: from the first). The
     * page's {@code next} is the position to pass for the following page, null once no listed user follows. Every
     * user listed throughout appears exactly once across the pages, and a position works whether or not its user is
     * still listed, or ever was: it only says where in the listing order to go on.
     */
    CompletionStage<OnlinePage> online(String prefix, int limit, UserId after);

    CompletionStage<Long> onlineCount();

    /**
     * The users the room index holds. An index may briefly hold a user who already left, so callers confirm with
     * {@link dev.roster.domain.Presence#inRoom(RoomId)}.
     */
    CompletionStage<Set<UserId>> roomMembers(RoomId room);

    /**
     * One page of at most {@code limit} (at least 1) of the users the room index holds, in user-id order, starting
     * after the position {@code after} (null: from the first), read without reading the rest of the index. The
     * page's {@code next} is the position to pass for the following page, null once the index holds no user after
     * it. Every user the index holds throughout appears exactly once across the pages, and a position works whether
     * or not its user is still in the index, or ever was. Entries may be stale as for {@link #roomMembers(RoomId)}:
     * callers confirm them.
     */
    CompletionStage<RoomPage> roomMembers(RoomId room, int limit, UserId after);

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

    /** Users with at least one session held by this node boot. */
    CompletionStage<Set<UserId>> usersOn(NodeBoot boot);

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
        return usersOn(boot);
    }

    /**
     * The node boots that hold at least one session of a user in this part, lease or no lease: how a boot whose
     * lease is gone (a store that lost it, a node that died before writing it) is still found and reaped.
     */
    default CompletionStage<Set<NodeBoot>> bootsIn(int part) {
        return java.util.concurrent.CompletableFuture.completedFuture(Set.of());
    }

    /**
     * A page of online user ids and the position the next page starts after: null on the last page, else the last
     * user of this page (so it leaks nothing the page does not show).
     */
    record OnlinePage(List<UserId> users, UserId next) {
        public OnlinePage {
            users = List.copyOf(users);
        }
    }

    /**
     * A page of the user ids a room index holds, sorted, and the position the next page starts after: null on the
     * last page, else the last user of this page.
     */
    record RoomPage(List<UserId> users, UserId next) {
        public RoomPage {
            users = List.copyOf(users);
        }
    }
}
