package dev.roster.domain;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The rooms a user keeps only through the grace period: shared by the online and the pending-offline states. */
final class Lingering {
    private Lingering() {
    }

    /**
     * Removes the rooms whose grace ran out by {@code now}, adding a {@code LeftRoom} at {@code at} for each to
     * {@code events}.
     */
    static Map<RoomId, Instant> expire(UserId user, Map<RoomId, Instant> lingering, Instant now, Instant at,
                                       List<PresenceEvent> events) {
        if (lingering.isEmpty()) {
            return lingering;
        }
        Map<RoomId, Instant> left = new HashMap<>();
        // sorted so that the events come out in a stable order
        new TreeMap<>(lingering).forEach((room, deadline) -> {
            if (deadline.isAfter(now)) {
                left.put(room, deadline);
            } else {
                events.add(new PresenceEvent.LeftRoom(user, room, null, at));
            }
        });
        return left;
    }

    /**
     * Ends every lingering room, whatever its deadline, adding a {@code LeftRoom} at {@code at} for each: once the
     * user is offline it is in no room, so each must hear it leave even if its own grace (set by a node with another
     * clock or another grace setting) would run out later.
     */
    static void leaveAll(UserId user, Map<RoomId, Instant> lingering, Instant at, List<PresenceEvent> events) {
        new TreeMap<>(lingering).keySet().forEach(room -> events.add(new PresenceEvent.LeftRoom(user, room, null, at)));
    }

    static Optional<Instant> earliest(Map<RoomId, Instant> lingering) {
        return lingering.values().stream().min(Instant::compareTo);
    }
}
