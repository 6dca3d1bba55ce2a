package dev.roster.domain;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/** A registered session and the rooms it has joined: room membership belongs to sessions. */
public record SessionEntry(Session session, Set<RoomId> rooms) {
    public SessionEntry {
        Objects.requireNonNull(session, "session");
        rooms = Set.copyOf(rooms);
    }

    public static SessionEntry of(Session session) {
        return new SessionEntry(session, Set.of());
    }

    SessionEntry with(RoomId room) {
        Set<RoomId> more = new HashSet<>(rooms);
        more.add(room);
        return new SessionEntry(session, more);
    }

    SessionEntry without(RoomId room) {
        Set<RoomId> fewer = new HashSet<>(rooms);
        fewer.remove(room);
        return new SessionEntry(session, fewer);
    }
}
