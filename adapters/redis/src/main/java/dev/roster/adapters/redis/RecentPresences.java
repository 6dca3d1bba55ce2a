package dev.roster.adapters.redis;

import dev.roster.domain.Presence;
import dev.roster.domain.UserId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The presences this node saw last, as the first guess of a compare-and-set: a hit saves the read before a commit.
 * Never trusted on its own: a commit checks the version and a result without change is confirmed by a read.
 * Bounded, least recently used out first.
 */
final class RecentPresences {
    private final Map<UserId, Presence> entries;

    RecentPresences(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<UserId, Presence> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized Presence get(UserId user) {
        return entries.get(user);
    }

    /** Remembers what was last read or written; answers arriving out of order only cost a retry later. */
    synchronized void put(Presence presence) {
        entries.put(presence.user(), presence);
    }
}
