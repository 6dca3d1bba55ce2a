package dev.roster.application.service;

import dev.roster.application.port.out.RoomEvent;
import dev.roster.domain.PresenceState;
import dev.roster.domain.RoomId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The presence changes of large rooms, counted per room until the next tick. A room of M members where everyone
 * joins would otherwise cost M x M presence frames; counted, it costs one frame per member per tick.
 */
final class CrowdBatches {
    private final int largeRoom;
    private final Map<RoomId, Tally> pending = new ConcurrentHashMap<>();

    /** The changes of one room during one tick. */
    record Tally(int changed, int left) {
        Tally plus(Tally other) {
            return new Tally(changed + other.changed, left + other.left);
        }
    }

    /** @param largeRoom from how many local sessions in a room it is counted, not listed; 0 never */
    CrowdBatches(int largeRoom) {
        this.largeRoom = largeRoom;
    }

    boolean large(int localSessions) {
        return largeRoom > 0 && localSessions >= largeRoom;
    }

    /**
     * Counts a join, a status change or a leave. A member's device count changing is none of these: a large room
     * is not told of it (its members ask with {@code who}), so it adds nothing and sends no frame.
     */
    void count(RoomEvent.PresenceNotice notice) {
        if (notice.countOnly()) {
            return;
        }
        Tally one = notice.state() == PresenceState.OFFLINE ? new Tally(0, 1) : new Tally(1, 0);
        pending.merge(notice.room(), one, Tally::plus);
    }

    /** Puts back what could not be delivered, so that the next tick carries it. */
    void putBack(RoomId room, Tally tally) {
        pending.merge(room, tally, Tally::plus);
    }

    /** Takes every room's tally; changes that arrive meanwhile start the next tick's. */
    Map<RoomId, Tally> drain() {
        Map<RoomId, Tally> taken = new HashMap<>();
        for (RoomId room : List.copyOf(pending.keySet())) {
            Tally tally = pending.remove(room);
            if (tally != null) {
                taken.put(room, tally);
            }
        }
        return taken;
    }
}
