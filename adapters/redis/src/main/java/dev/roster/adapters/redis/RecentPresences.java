package dev.roster.adapters.redis;

import dev.roster.domain.Presence;
import dev.roster.domain.UserId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The presences this node saw last, each with the stored value it was read from or written as. As the first guess
 * of a compare-and-set, a hit saves the read before a commit; never trusted on its own there: a commit checks the
 * version and a result without change is confirmed by a read. And a value read again that is exactly the one
 * remembered is not decoded again (a join reply reads every member of the room). Bounded, least recently used out
 * first.
 */
final class RecentPresences {
    private record Entry(Presence presence, String stored) {
    }

    private final Map<UserId, Entry> entries;

    RecentPresences(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<UserId, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized Presence get(UserId user) {
        Entry entry = entries.get(user);
        return entry == null ? null : entry.presence();
    }

    /** The presence remembered for exactly this stored value (null for an absent key); null when there is none. */
    synchronized Presence ifStored(UserId user, String stored) {
        Entry entry = entries.get(user);
        return entry != null && java.util.Objects.equals(entry.stored(), stored) ? entry.presence() : null;
    }

    /**
     * Remembers what was last read or written, with its stored value; answers arriving out of order only cost a
     * retry later.
     */
    synchronized void put(Presence presence, String stored) {
        entries.put(presence.user(), new Entry(presence, stored));
    }
}
