package dev.roster.application.service;

import dev.roster.application.port.out.RoomEvent;
import dev.roster.domain.PresenceState;
import dev.roster.domain.RoomId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Which rooms are large, and the presence changes of large rooms, counted per room until the next tick. A room of M
 * members where everyone joins would otherwise cost M x M presence frames; counted, it costs one frame per member
 * per tick.
 * <p>
 * A room is large from {@code largeRoom} members across every node, as the last join or leave said (or the last
 * tick's count read), whichever node its members are on: a room spread over many nodes costs as many frames as one
 * on a single node. Once large it stays so until it falls below {@link #lowerMark} members, so that a room that
 * hovers around the threshold does not switch at every join and leave. A room whose size this node was never told
 * (its notices come from nodes of an earlier version) goes by this node's sessions in it, as those nodes do; and a
 * node's own sessions count in any case, so a room is never counted later than by them alone.
 */
final class CrowdBatches {
    private final int largeRoom;
    private final Map<RoomId, Tally> pending = new ConcurrentHashMap<>();
    /** The last size across the cluster told of each room this node has sessions in. */
    private final Map<RoomId, Long> sizes = new ConcurrentHashMap<>();
    /** The rooms counted now: they stay so until they fall below the lower mark. */
    private final Set<RoomId> large = ConcurrentHashMap.newKeySet();

    /** The changes of one room during one tick. */
    record Tally(int changed, int left) {
        Tally plus(Tally other) {
            return new Tally(changed + other.changed, left + other.left);
        }
    }

    /** @param largeRoom from how many members across every node a room is counted, not listed; 0 never */
    CrowdBatches(int largeRoom) {
        this.largeRoom = largeRoom;
    }

    /** Below how many members a large room is listed again: a tenth under {@code largeRoom}. */
    int lowerMark() {
        return largeRoom - largeRoom / 10;
    }

    /** Learns the room's size across every node, from a notice or a count read from the store. */
    void sized(RoomId room, long members) {
        sizes.put(room, members);
    }

    /** Whether the room hears counts, given what this node knows of its size and its own sessions in it. */
    boolean large(RoomId room, int localSessions) {
        if (largeRoom <= 0) {
            return false;
        }
        long size = Math.max(sizes.getOrDefault(room, 0L), localSessions);
        if (size >= largeRoom) {
            large.add(room);
            return true;
        }
        if (large.contains(room) && size >= lowerMark()) {
            return true;
        }
        large.remove(room);
        return false;
    }

    /** Forgets the size of a room this node no longer has sessions in: a session that joins it again is told. */
    void forget(RoomId room) {
        sizes.remove(room);
        large.remove(room);
    }

    /** Forgets every room {@code gone} says this node no longer has sessions in. */
    void forgetAll(Predicate<RoomId> gone) {
        sizes.keySet().removeIf(gone);
        large.removeIf(gone);
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
