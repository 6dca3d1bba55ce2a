package dev.roster.application.service;

import dev.roster.application.port.out.ClientGateway;
import dev.roster.application.port.out.PresenceDirectory;
import dev.roster.application.port.out.RoomEvent;
import dev.roster.domain.RoomId;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands what the buses bring to this node's sessions in the room. Presence notices of one user can cross on the
 * way from two nodes; a notice older than one already delivered for that room and user is dropped. A large room
 * hears its presence changes counted once a tick ({@link RoomEvent.Crowd}) instead of one frame per change, and
 * not its members' device counts.
 */
final class LocalDelivery {
    private final LocalRoster roster;
    private final ClientGateway gateway;
    private final PresenceDirectory directory;
    private final CrowdBatches crowds;
    /** A room remembers its members' last delivered versions beyond this many only for a minute. */
    static final int PRUNE_ABOVE = 1024;
    /** One minute, in versions (a thousand per millisecond, see the domain's versions). */
    static final long REMEMBER_VERSIONS = 60_000L * 1000;

    private final Map<RoomId, Map<UserId, Long>> delivered = new ConcurrentHashMap<>();

    LocalDelivery(LocalRoster roster, ClientGateway gateway, PresenceDirectory directory, int largeRoom) {
        this.roster = roster;
        this.gateway = gateway;
        this.directory = directory;
        this.crowds = new CrowdBatches(largeRoom);
    }

    void presence(RoomEvent.PresenceNotice notice) {
        Collection<SessionId> targets = roster.sessionsIn(notice.room());
        if (targets.isEmpty()) {
            delivered.remove(notice.room());
            return;
        }
        if (!fresh(notice)) {
            return;
        }
        if (crowds.large(targets.size())) {
            crowds.count(notice);
            return;
        }
        if (notice.origin() != null && targets.contains(notice.origin())) {
            targets = targets.stream().filter(s -> !s.equals(notice.origin())).toList();
        }
        if (!targets.isEmpty()) {
            gateway.deliver(targets, notice);
        }
    }

    /** Sends each large room's counted changes of the tick that ends {@code now}, with the room's size. */
    void flush(Instant now) {
        crowds.drain().forEach((room, tally) -> {
            Collection<SessionId> targets = roster.sessionsIn(room);
            if (targets.isEmpty()) {
                return;
            }
            directory.roomSize(room).whenComplete((size, failure) -> {
                if (failure != null) {
                    crowds.putBack(room, tally);
                } else {
                    gateway.deliver(targets, new RoomEvent.Crowd(room, size, tally.changed(), tally.left(), now));
                }
            });
        });
    }

    void message(RoomEvent.ChatMessage message) {
        Collection<SessionId> targets = roster.sessionsIn(message.room());
        if (!targets.isEmpty()) {
            gateway.deliver(targets, message);
        }
    }

    /** Versions grow with time, so the last one delivered per room and user is all it takes to spot a late one. */
    private boolean fresh(RoomEvent.PresenceNotice notice) {
        Map<UserId, Long> seen = delivered.computeIfAbsent(notice.room(), r -> new ConcurrentHashMap<>());
        boolean[] fresh = {false};
        seen.compute(notice.user(), (u, last) -> {
            if (last != null && last >= notice.version()) {
                return last;
            }
            fresh[0] = true;
            return notice.version();
        });
        if (seen.size() > PRUNE_ABOVE) {
            // a notice can only cross another that is a few milliseconds old; long-settled entries can go
            long horizon = notice.version() - REMEMBER_VERSIONS;
            seen.values().removeIf(version -> version < horizon);
        }
        return fresh[0];
    }
}
