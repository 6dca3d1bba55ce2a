package dev.roster.application.service;

import dev.roster.domain.RoomId;
import dev.roster.domain.Session;
import dev.roster.domain.SessionId;
import dev.roster.domain.SessionEntry;
import dev.roster.domain.Status;
import dev.roster.domain.UserId;
import java.util.ArrayList;
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
    private final Map<UserId, Integer> changing = new ConcurrentHashMap<>();
    private final Map<UserId, Set<SessionId>> byUser = new ConcurrentHashMap<>();

    /** A session of this node, the rooms it joined and the status it last chose (null if none). */
    public record Local(Session session, Set<RoomId> rooms, AtomicReference<Choice> choice) {
    }

    /** A status and its text, as last chosen through a session. */
    public record Choice(Status status, String text) {
    }

    void add(Session session) {
        if (sessions.putIfAbsent(session.id(),
                new Local(session, ConcurrentHashMap.newKeySet(), new AtomicReference<>())) == null) {
            // in one step: a remove of the user's last other session must not drop the set this one goes into
            byUser.compute(session.user(), (u, ids) -> {
                Set<SessionId> held = ids == null ? ConcurrentHashMap.newKeySet() : ids;
                held.add(session.id());
                return held;
            });
        }
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
            byUser.computeIfPresent(local.session().user(), (u, ids) -> {
                ids.remove(session);
                return ids.isEmpty() ? null : ids;
            });
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

    /** Whether at least one of this node's sessions is in the room, so that the node hears it. */
    boolean hears(RoomId room) {
        return rooms.containsKey(room);
    }

    public boolean isMember(SessionId session, RoomId room) {
        Local local = sessions.get(session);
        return local != null && local.rooms().contains(room);
    }

    /** The rooms at least one of this node's sessions is in. */
    Set<RoomId> rooms() {
        return Set.copyOf(rooms.keySet());
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

    /** This node's sessions of the user, each with the rooms it joined (empty when it holds none). */
    public List<SessionEntry> heldFor(UserId user) {
        List<SessionEntry> held = new ArrayList<>(1);
        for (Local local : locals(user)) {
            held.add(new SessionEntry(local.session(), Set.copyOf(local.rooms())));
        }
        return held;
    }

    /** The users this node holds at least one session of. */
    Set<UserId> users() {
        return Set.copyOf(byUser.keySet());
    }

    /** The status last chosen through any of this node's sessions of the user, or null. */
    Choice choiceOf(UserId user) {
        for (Local local : locals(user)) {
            if (local.choice().get() != null) {
                return local.choice().get();
            }
        }
        return null;
    }

    private List<Local> locals(UserId user) {
        Set<SessionId> ids = byUser.get(user);
        if (ids == null) {
            return List.of();
        }
        List<Local> found = new ArrayList<>(ids.size());
        for (SessionId id : ids) {
            Local local = sessions.get(id);
            if (local != null) {
                found.add(local);
            }
        }
        return found;
    }

    /**
     * A use case starts changing the user: from now until {@link #changed} its commit and this roster may
     * disagree for a moment (one is written before the other), which reconciliation must not take for a fault.
     */
    void changing(UserId user) {
        changing.merge(user, 1, Integer::sum);
    }

    /** The change begun by {@link #changing} is over: the store and this roster agree again, or it failed. */
    void changed(UserId user) {
        changing.computeIfPresent(user, (u, n) -> n <= 1 ? null : n - 1);
    }

    /** Whether this node holds no session and no use case is changing any user: nothing of it is left to commit. */
    boolean empty() {
        return sessions.isEmpty() && changing.isEmpty();
    }

    /** Whether a use case is changing the user right now. */
    boolean isChanging(UserId user) {
        return changing.containsKey(user);
    }
}
