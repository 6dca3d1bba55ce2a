package dev.roster.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** No session and no grace left. {@code lastSeen} is null for a user never seen. */
public record Offline(UserId user, Instant lastSeenAt, long version) implements Sessionless {
    public Offline {
        Objects.requireNonNull(user, "user");
    }

    @Override
    public PresenceState state() {
        return PresenceState.OFFLINE;
    }

    @Override
    public Optional<Status> status() {
        return Optional.empty();
    }

    @Override
    public Optional<String> statusText() {
        return Optional.empty();
    }

    @Override
    public Optional<Instant> since() {
        return Optional.empty();
    }

    @Override
    public Optional<Instant> lastSeen() {
        return Optional.ofNullable(lastSeenAt);
    }

    @Override
    public Map<RoomId, Instant> lingering() {
        return Map.of();
    }

    @Override
    public Optional<Instant> nextDeadline() {
        return Optional.empty();
    }

    @Override
    public Outcome open(Session session, Instant now, Limits limits) {
        Instant at = Versions.stamp(version, now);
        // the first session: every limit lets at least one through
        session.requireOf(user);
        Online next = new Online(user, Status.ONLINE, null, at, at,
                Map.of(session.id(), SessionEntry.of(session)), Map.of(), Versions.next(version, at));
        return new Outcome.Changed(next, List.of(
                new PresenceEvent.UserCameOnline(user, Status.ONLINE, at),
                new PresenceEvent.SessionOpened(session, 1, at)));
    }

    @Override
    public Outcome restore(Session session, Set<RoomId> rooms, Status status, String text, Instant now) {
        Instant at = Versions.stamp(version, now);
        session.requireOf(user);
        Online next = new Online(user, status, StatusText.check(text), at, at,
                Map.of(session.id(), new SessionEntry(session, rooms)), Map.of(), Versions.next(version, at));
        // whoever heard the user go offline (a reaped node, a lost write) hears it come back; after a store that
        // lost everything, an extra "online" to a room that never heard it leave changes nothing there
        List<PresenceEvent> events = new ArrayList<>();
        events.add(new PresenceEvent.UserCameOnline(user, status, at));
        events.add(new PresenceEvent.SessionOpened(session, 1, at));
        for (RoomId room : new TreeSet<>(rooms)) {
            events.add(new PresenceEvent.JoinedRoom(user, room, next.state(), session.id(), at));
        }
        return new Outcome.Changed(next, events);
    }

    @Override
    public Outcome expire(Instant now) {
        return new Outcome.Unchanged(this);
    }

}
