package dev.roster.adapters.memory;

import dev.roster.domain.NodeBoot;
import dev.roster.domain.Presence;
import dev.roster.domain.RoomId;
import dev.roster.domain.SessionEntry;
import dev.roster.domain.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The indexes of {@link InMemoryPresenceStore}: listed users and each room's members sorted by id (so that a
 * position is simply the last id of a page), users by node boot, and grace deadlines in time order.
 * {@link #update} is called while the store holds the user's lock, so the changes of one user never interleave;
 * readers see each index weakly consistent, as the directory port allows.
 */
final class PresenceIndexes {
    private final NavigableSet<UserId> listed = new ConcurrentSkipListSet<>();
    // the skip list counts itself in linear time, and the count is asked for often
    private final AtomicLong listedCount = new AtomicLong();
    private final Map<RoomId, RoomSet> rooms = new ConcurrentHashMap<>();
    private final Map<NodeBoot, Set<UserId>> boots = new ConcurrentHashMap<>();
    private final NavigableSet<Deadline> deadlines = new ConcurrentSkipListSet<>();

    /** Moves one user's entries from what {@code before} needed to what {@code after} needs. */
    void update(Presence before, Presence after) {
        UserId user = after.user();
        if (after.listed()) {
            if (listed.add(user)) {
                listedCount.incrementAndGet();
            }
        } else if (listed.remove(user)) {
            listedCount.decrementAndGet();
        }
        moveRooms(before.rooms(), after.rooms(), user);
        move(bootsOf(before), bootsOf(after), boots, user);
        before.nextDeadline().ifPresent(at -> deadlines.remove(new Deadline(at, user)));
        after.nextDeadline().ifPresent(at -> deadlines.add(new Deadline(at, user)));
    }

    List<UserId> listedAfter(UserId after, int limit) {
        return take(after == null ? listed : listed.tailSet(after, false), user -> true, limit);
    }

    /** Listed users whose id starts with {@code prefix}, after {@code after} (null: from the first). */
    List<UserId> listedWithPrefix(UserId prefix, UserId after, int limit) {
        NavigableSet<UserId> rest = after != null && after.compareTo(prefix) >= 0
                ? listed.tailSet(after, false) : listed.tailSet(prefix, true);
        // ids with a common prefix sit next to each other in the sorted set, so the first miss ends the range
        return take(rest, user -> user.value().startsWith(prefix.value()), limit);
    }

    private static List<UserId> take(NavigableSet<UserId> from, Predicate<UserId> inRange, int limit) {
        List<UserId> page = new ArrayList<>(Math.min(limit, 1024));
        for (UserId user : from) {
            if (page.size() == limit || !inRange.test(user)) {
                break;
            }
            page.add(user);
        }
        return page;
    }

    long listedCount() {
        return listedCount.get();
    }

    Set<UserId> roomMembers(RoomId room) {
        RoomSet members = rooms.get(room);
        return members == null ? Set.of() : Set.copyOf(members.users);
    }

    /** Members after {@code after} (null: from the first) in id order, at most {@code limit} of them. */
    List<UserId> roomMembersAfter(RoomId room, UserId after, int limit) {
        RoomSet members = rooms.get(room);
        if (members == null) {
            return List.of();
        }
        return take(after == null ? members.users : members.users.tailSet(after, false), user -> true, limit);
    }

    Set<UserId> roomSample(RoomId room, int limit) {
        RoomSet members = rooms.get(room);
        if (members == null) {
            return Set.of();
        }
        Set<UserId> sample = new HashSet<>();
        for (Iterator<UserId> it = members.users.iterator(); it.hasNext() && sample.size() < limit; ) {
            sample.add(it.next());
        }
        return sample;
    }

    long roomSize(RoomId room) {
        RoomSet members = rooms.get(room);
        return members == null ? 0 : members.count.get();
    }

    Set<UserId> usersOn(NodeBoot boot) {
        return copy(boots.get(boot));
    }

    /** The boots that hold at least one session. */
    Set<NodeBoot> boots() {
        Set<NodeBoot> holding = new java.util.HashSet<>();
        boots.forEach((boot, users) -> {
            if (!users.isEmpty()) {
                holding.add(boot);
            }
        });
        return holding;
    }

    List<UserId> dueBy(Instant now, int limit) {
        List<UserId> due = new ArrayList<>();
        for (Deadline deadline : deadlines) {
            if (due.size() == limit || deadline.at().isAfter(now)) {
                break;
            }
            due.add(deadline.user());
        }
        return due;
    }

    private static Set<NodeBoot> bootsOf(Presence presence) {
        return presence.sessions().values().stream().map(SessionEntry::session).map(NodeBoot::of)
                .collect(Collectors.toSet());
    }

    /** Like {@link #move}, for the sorted and counted room sets. */
    private void moveRooms(Set<RoomId> before, Set<RoomId> after, UserId user) {
        for (RoomId room : before) {
            if (!after.contains(room)) {
                rooms.computeIfPresent(room, (r, members) -> members.remove(user) ? null : members);
            }
        }
        for (RoomId room : after) {
            if (!before.contains(room)) {
                rooms.compute(room, (r, members) -> {
                    RoomSet set = members == null ? new RoomSet() : members;
                    set.add(user);
                    return set;
                });
            }
        }
    }

    /**
     * A room's members sorted by id, so that a page seeks its position instead of reading the room, with their count
     * (a skip list counts itself in linear time). Changed only inside the map's compute on the room.
     */
    private static final class RoomSet {
        private final NavigableSet<UserId> users = new ConcurrentSkipListSet<>();
        private final AtomicLong count = new AtomicLong();

        void add(UserId user) {
            if (users.add(user)) {
                count.incrementAndGet();
            }
        }

        /** Removes the user; true when the set is empty after it. */
        boolean remove(UserId user) {
            if (users.remove(user)) {
                count.decrementAndGet();
            }
            return users.isEmpty();
        }
    }

    private static <K> void move(Set<K> before, Set<K> after, Map<K, Set<UserId>> index, UserId user) {
        for (K key : before) {
            if (!after.contains(key)) {
                index.computeIfPresent(key, (k, users) -> {
                    users.remove(user);
                    return users.isEmpty() ? null : users;
                });
            }
        }
        for (K key : after) {
            if (!before.contains(key)) {
                index.compute(key, (k, users) -> {
                    Set<UserId> set = users == null ? ConcurrentHashMap.newKeySet() : users;
                    set.add(user);
                    return set;
                });
            }
        }
    }

    private static Set<UserId> copy(Set<UserId> users) {
        return users == null ? Set.of() : Set.copyOf(users);
    }
}
