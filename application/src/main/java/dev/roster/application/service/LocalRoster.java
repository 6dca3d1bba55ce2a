package dev.roster.application.service;

import dev.roster.domain.RoomId;
import dev.roster.domain.Session;
import dev.roster.domain.SessionId;
import dev.roster.domain.Status;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The sessions this node holds and the rooms each joined: what the node must deliver locally, which rooms it
 * must hear from the buses, and what it re-registers when the store loses its data.
 */
public final class LocalRoster {
    private final Map<SessionId, Local> sessions = new ConcurrentHashMap<>();
    private final Map<RoomId, Set<SessionId>> rooms = new ConcurrentHashMap<>();

    /** A session of this node, the rooms it joined and the status it last chose (null if none). */
    public record Local(Session session, Set<RoomId> rooms, AtomicReference<Choice> choice) {
    }

    /** A status and its text, as last chosen through a session. */
    public record Choice(Status status, String text) {
    }

    void add(Session session) {
        sessions.putIfAbsent(session.id(),
                new Local(session, ConcurrentHashMap.newKeySet(), new AtomicReference<>()));
    }

    void remember(SessionId session, Status status, String text) {
        Local local = sessions.get(session);
        if (local != null) {
            local.choice().set(new Choice(status, text));
        }
    }

    /**
     * Forgets a session; {@code lastOut} is called for each room that has no local session left.
     */
    void remove(SessionId session, Consumer<RoomId> lastOut) {
        Local local = sessions.remove(session);
        if (local != null) {
            local.rooms().forEach(room -> leave(session, room, lastOut));
        }
    }

    /** Records a join; {@code firstIn} is called when the room had no local session before. */
    void join(SessionId session, RoomId room, Consumer<RoomId> firstIn) {
        Local local = sessions.get(session);
        if (local == null || !local.rooms().add(room)) {
            return;
        }
        rooms.compute(room, (r, members) -> {
            Set<SessionId> set = members == null ? ConcurrentHashMap.newKeySet() : members;
            if (set.isEmpty()) {
                firstIn.accept(r);
            }
            set.add(session);
            return set;
        });
    }

    void leave(SessionId session, RoomId room, Consumer<RoomId> lastOut) {
        Local local = sessions.get(session);
        if (local != null) {
            local.rooms().remove(room);
        }
        rooms.computeIfPresent(room, (r, members) -> {
            if (members.remove(session) && members.isEmpty()) {
                lastOut.accept(r);
                return null;
            }
            return members.isEmpty() ? null : members;
        });
    }

    public boolean isMember(SessionId session, RoomId room) {
        Local local = sessions.get(session);
        return local != null && local.rooms().contains(room);
    }

    public Collection<SessionId> sessionsIn(RoomId room) {
        Set<SessionId> members = rooms.get(room);
        return members == null ? List.of() : List.copyOf(members);
    }

    public Optional<Local> get(SessionId session) {
        return Optional.ofNullable(sessions.get(session));
    }

    public Collection<Local> all() {
        return List.copyOf(sessions.values());
    }

    public int size() {
        return sessions.size();
    }
}
