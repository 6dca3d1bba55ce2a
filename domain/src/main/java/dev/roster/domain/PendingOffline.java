package dev.roster.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The last session closed less than a grace period ago. Still listed as online with the status it had; a new
 * session brings it back to {@link Online} without any announcement; at {@code deadline} it goes offline.
 */
public record PendingOffline(UserId user, Status chosen, String text, Instant sinceAt, Instant lastSeenAt,
                             Instant deadline, Map<RoomId, Instant> lingering, long version) implements Listed, Sessionless {

    public PendingOffline {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(chosen, "chosen");
        Objects.requireNonNull(sinceAt, "sinceAt");
        Objects.requireNonNull(lastSeenAt, "lastSeenAt");
        Objects.requireNonNull(deadline, "deadline");
        lingering = Map.copyOf(lingering);
    }

    @Override
    public Optional<Instant> nextDeadline() {
        return Lingering.earliest(lingering).filter(d -> d.isBefore(deadline)).or(() -> Optional.of(deadline));
    }

    @Override
    public Outcome open(Session session, Instant now, Limits limits) {
        // no session is open inside the grace period, so this one is the first: every limit lets it through
        return restore(session, Set.of(), chosen, text, now);
    }

    @Override
    public Outcome restore(Session session, Set<RoomId> rooms, Status status, String statusText, Instant now) {
        Instant at = Versions.stamp(version, now);
        session.requireOf(user);
        Map<RoomId, Instant> lingers = new HashMap<>(lingering);
        rooms.forEach(lingers::remove);
        Online next = new Online(user, chosen, text, sinceAt, at,
                Map.of(session.id(), new SessionEntry(session, rooms)), lingers, Versions.next(version, at));
        List<PresenceEvent> events = new ArrayList<>();
        events.add(new PresenceEvent.SessionOpened(session, 1, at));
        // a lingering room never heard the user leave; any other did, and hears it come back
        for (RoomId room : new TreeSet<>(rooms)) {
            if (!lingering.containsKey(room)) {
                events.add(new PresenceEvent.JoinedRoom(user, room, next.state(), session.id(), at));
            }
        }
        return new Outcome.Changed(next, events);
    }

    @Override
    public Outcome expire(Instant now) {
        // what ran out is decided by the caller's clock; what it announces is stamped no earlier than the last change
        Instant at = Versions.stamp(version, now);
        List<PresenceEvent> events = new ArrayList<>();
        if (deadline.isAfter(now)) {
            Map<RoomId, Instant> left = Lingering.expire(user, lingering, now, at, events);
            if (events.isEmpty()) {
                return new Outcome.Unchanged(this);
            }
            return new Outcome.Changed(
                    new PendingOffline(user, chosen, text, sinceAt, lastSeenAt, deadline, left, Versions.next(version, at)), events);
        }
        // the user's own grace ran out, so every room it still lingered in hears it leave too
        Lingering.leaveAll(user, lingering, Versions.stamp(version, deadline), events);
        events.add(new PresenceEvent.UserWentOffline(user, at));
        return new Outcome.Changed(new Offline(user, lastSeenAt, Versions.next(version, at)), events);
    }
}
