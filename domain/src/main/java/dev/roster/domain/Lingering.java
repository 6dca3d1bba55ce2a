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

    /** Removes the rooms whose grace ran out by {@code now}, adding a {@code LeftRoom} for each to {@code events}. */
    static Map<RoomId, Instant> expire(UserId user, Map<RoomId, Instant> lingering, Instant now,
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
                events.add(new PresenceEvent.LeftRoom(user, room, null, now));
            }
        });
        return left;
    }

    static Optional<Instant> earliest(Map<RoomId, Instant> lingering) {
        return lingering.values().stream().min(Instant::compareTo);
    }
}
