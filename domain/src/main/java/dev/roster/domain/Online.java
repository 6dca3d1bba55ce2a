package dev.roster.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/** At least one session is open on some node. */
public record Online(UserId user, Status chosen, String text, Instant sinceAt, Instant lastSeenAt,
                     Map<SessionId, SessionEntry> sessions, Map<RoomId, Instant> lingering, long version)
        implements Listed {

    public Online {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(chosen, "chosen");
        Objects.requireNonNull(sinceAt, "sinceAt");
        Objects.requireNonNull(lastSeenAt, "lastSeenAt");
        sessions = Map.copyOf(sessions);
        lingering = Map.copyOf(lingering);
        if (sessions.isEmpty()) {
            throw new DomainException("an online user has at least one session");
        }
    }

    @Override
    public Optional<Instant> nextDeadline() {
        return Lingering.earliest(lingering);
    }

    @Override
    public Outcome open(Session session, Instant now, Limits limits) {
        Instant at = Versions.stamp(version, now);
        session.requireOf(user);
        if (sessions.containsKey(session.id())) {
            return new Outcome.Unchanged(this);
        }
        if (!limits.admitsSession(sessions.size())) {
            return new Outcome.Rejected(this, Rejection.TOO_MANY_SESSIONS);
        }
        Map<SessionId, SessionEntry> more = new HashMap<>(sessions);
        more.put(session.id(), SessionEntry.of(session));
        return new Outcome.Changed(withSessions(more, lingering, at, at),
                List.of(new PresenceEvent.SessionOpened(session, more.size(), at)));
    }

    @Override
    public Outcome restore(Session session, Set<RoomId> rooms, Status status, String statusText, Instant now) {
        Instant at = Versions.stamp(version, now);
        session.requireOf(user);
        SessionEntry known = sessions.get(session.id());
        if (known != null && known.rooms().containsAll(rooms)) {
            return new Outcome.Unchanged(this);
        }
        Map<SessionId, SessionEntry> more = new HashMap<>(sessions);
        Map<RoomId, Instant> lingers = new HashMap<>(lingering);
        SessionEntry entry = known == null ? SessionEntry.of(session) : known;
        for (RoomId room : rooms) {
            entry = entry.with(room);
            lingers.remove(room);
        }
        more.put(session.id(), entry);
        List<PresenceEvent> events = new ArrayList<>();
        if (known == null) {
            events.add(new PresenceEvent.SessionOpened(session, more.size(), at));
        }
        // a room the user was no longer in (its leave was announced) hears the user come back
        for (RoomId room : new TreeSet<>(rooms)) {
            if (!inRoom(room)) {
                events.add(new PresenceEvent.JoinedRoom(user, room, state(), session.id(), at));
            }
        }
        return new Outcome.Changed(withSessions(more, lingers, lastSeenAt, at), events);
    }

    @Override
    public Outcome close(Predicate<Session> which, Instant now, GracePeriod grace) {
        Instant at = Versions.stamp(version, now);
        Map<SessionId, SessionEntry> remaining = new HashMap<>();
        List<SessionEntry> closed = new ArrayList<>();
        // sorted so that the events come out in a stable order
        new TreeMap<>(sessions).forEach((id, entry) -> {
            if (which.test(entry.session())) {
                closed.add(entry);
            } else {
                remaining.put(id, entry);
            }
        });
        if (closed.isEmpty()) {
            return new Outcome.Unchanged(this);
        }
        Instant deadline = grace.deadlineFrom(at);
        Map<RoomId, Instant> lingers = new HashMap<>(lingering);
        List<PresenceEvent> events = new ArrayList<>();
        int count = sessions.size();
        for (SessionEntry entry : closed) {
            for (RoomId room : entry.rooms()) {
                if (!heldBy(remaining, room)) {
                    lingers.putIfAbsent(room, deadline);
                }
            }
            events.add(new PresenceEvent.SessionClosed(entry.session(), --count, at));
        }
        Presence next = remaining.isEmpty()
                ? new PendingOffline(user, chosen, text, sinceAt, at, deadline, lingers, Versions.next(version, at))
                : withSessions(remaining, lingers, at, at);
        return new Outcome.Changed(next, events);
    }

    @Override
    public Outcome join(SessionId session, RoomId room, Instant now, Limits limits) {
        Instant at = Versions.stamp(version, now);
        SessionEntry entry = sessions.get(session);
        if (entry == null) {
            return new Outcome.Rejected(this, Rejection.NO_SESSION);
        }
        if (entry.rooms().contains(room)) {
            return new Outcome.Unchanged(this);
        }
        if (!limits.admitsRoom(entry.rooms().size())) {
            return new Outcome.Rejected(this, Rejection.TOO_MANY_ROOMS);
        }
        boolean wasMember = inRoom(room);
        Map<SessionId, SessionEntry> more = new HashMap<>(sessions);
        more.put(session, entry.with(room));
        Map<RoomId, Instant> lingers = new HashMap<>(lingering);
        lingers.remove(room);
        List<PresenceEvent> events = wasMember ? List.of()
                : List.of(new PresenceEvent.JoinedRoom(user, room, state(), session, at));
        return new Outcome.Changed(withSessions(more, lingers, lastSeenAt, at), events);
    }

    @Override
    public Outcome leave(SessionId session, RoomId room, Instant now) {
        Instant at = Versions.stamp(version, now);
        SessionEntry entry = sessions.get(session);
        if (entry == null) {
            return new Outcome.Rejected(this, Rejection.NO_SESSION);
        }
        if (!entry.rooms().contains(room)) {
            return new Outcome.Rejected(this, Rejection.NOT_MEMBER);
        }
        Map<SessionId, SessionEntry> fewer = new HashMap<>(sessions);
        fewer.put(session, entry.without(room));
        List<PresenceEvent> events = heldBy(fewer, room) ? List.of()
                : List.of(new PresenceEvent.LeftRoom(user, room, session, at));
        return new Outcome.Changed(withSessions(fewer, lingering, lastSeenAt, at), events);
    }

    @Override
    public Outcome setStatus(SessionId session, Status status, String statusText, Instant now) {
        Instant at = Versions.stamp(version, now);
        if (!sessions.containsKey(session)) {
            return new Outcome.Rejected(this, Rejection.NO_SESSION);
        }
        String checked = StatusText.check(statusText);
        if (status == chosen && Objects.equals(checked, text)) {
            return new Outcome.Unchanged(this);
        }
        Instant newSince = status == chosen ? sinceAt : at;
        Online next = new Online(user, status, checked, newSince, lastSeenAt, sessions, lingering, Versions.next(version, at));
        return new Outcome.Changed(next,
                List.of(new PresenceEvent.StatusChanged(user, status, checked, rooms(), session, at)));
    }

    @Override
    public Outcome expire(Instant now) {
        // what ran out is decided by the caller's clock; what it announces is stamped no earlier than the last change
        Instant at = Versions.stamp(version, now);
        List<PresenceEvent> events = new ArrayList<>();
        Map<RoomId, Instant> left = Lingering.expire(user, lingering, now, at, events);
        if (events.isEmpty()) {
            return new Outcome.Unchanged(this);
        }
        return new Outcome.Changed(withSessions(sessions, left, lastSeenAt, at), events);
    }

    private Online withSessions(Map<SessionId, SessionEntry> newSessions, Map<RoomId, Instant> newLingering,
                                Instant seen, Instant now) {
        return new Online(user, chosen, text, sinceAt, seen, newSessions, newLingering, Versions.next(version, now));
    }

    private static boolean heldBy(Map<SessionId, SessionEntry> sessions, RoomId room) {
        return sessions.values().stream().anyMatch(e -> e.rooms().contains(room));
    }
}
