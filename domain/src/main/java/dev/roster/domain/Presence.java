package dev.roster.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * One user's presence across every node, as one of three states:
 * {@link Offline}, {@link Online} (at least one session open) and {@link PendingOffline} (no session left, inside
 * the grace period: still listed as online, announces nothing if a session comes back).
 *
 * <p>Every transition is a pure function of the state, its arguments and the time: it returns an {@link Outcome}
 * and calls nothing. {@link #version()} grows by one with each change, so that stores can apply transitions with
 * compare-and-set and listeners can drop stale events.
 */
public sealed interface Presence permits Listed, Sessionless {

    UserId user();

    /** Grows by one with every change; 0 for a user never seen. */
    long version();

    /** What others see. */
    PresenceState state();

    /** The status the user chose; empty while offline. */
    Optional<Status> status();

    /** The free text beside the status; empty when none or offline. */
    Optional<String> statusText();

    /** When the current state began (came online, or last changed status); empty while offline. */
    Optional<Instant> since();

    /** When the user's last session was last seen open; empty for a user never seen. */
    Optional<Instant> lastSeen();

    /** Open sessions by id; empty unless online. */
    Map<SessionId, SessionEntry> sessions();

    /** Rooms the user still belongs to only through the grace period, with the time each runs out. */
    Map<RoomId, Instant> lingering();

    /** The earliest time at which {@link #expire(Instant)} would change something. */
    Optional<Instant> nextDeadline();

    /** Listed in the online index: online, or offline-pending inside the grace period. */
    default boolean listed() {
        return state() != PresenceState.OFFLINE;
    }

    /** Every room the user is a member of: joined by a session, or lingering through grace. */
    default Set<RoomId> rooms() {
        Set<RoomId> rooms = new TreeSet<>(lingering().keySet());
        sessions().values().forEach(e -> rooms.addAll(e.rooms()));
        return rooms;
    }

    default boolean inRoom(RoomId room) {
        return lingering().containsKey(room) || sessions().values().stream().anyMatch(e -> e.rooms().contains(room));
    }

    /** A session opened, with no limit on how many a user may have: {@link #open(Session, Instant, Limits)}. */
    default Outcome open(Session session, Instant now) {
        return open(session, now, Limits.NONE);
    }

    /**
     * A session opened. The first one brings the user online; one inside the grace period cancels it silently; one
     * beyond {@link Limits#sessionsPerUser()} open sessions is refused with {@link Rejection#TOO_MANY_SESSIONS}.
     * Applied in the store's compare-and-set, so two nodes racing cannot both pass the limit.
     */
    Outcome open(Session session, Instant now, Limits limits);

    /**
     * Puts back a session and its rooms after the store lost them (a Redis restart), announcing nothing but the
     * session itself: for everybody watching, the user never left.
     */
    Outcome restore(Session session, Set<RoomId> rooms, Status status, String text, Instant now);

    /** Closes every session that matches. The last one starts the grace period. */
    Outcome close(Predicate<Session> which, Instant now, GracePeriod grace);

    default Outcome close(SessionId session, Instant now, GracePeriod grace) {
        return close(s -> s.id().equals(session), now, grace);
    }

    /** The session joins a room, with no limit on its rooms: {@link #join(SessionId, RoomId, Instant, Limits)}. */
    default Outcome join(SessionId session, RoomId room, Instant now) {
        return join(session, room, now, Limits.NONE);
    }

    /**
     * The session joins a room; announced only if the user was not already a member. A session already in
     * {@link Limits#roomsPerSession()} rooms is refused another with {@link Rejection#TOO_MANY_ROOMS}; rejoining a
     * room it is in changes nothing and is never refused.
     */
    Outcome join(SessionId session, RoomId room, Instant now, Limits limits);

    /** The session leaves a room; announced at once if no other session of the user is in it. */
    Outcome leave(SessionId session, RoomId room, Instant now);

    /** The user, through one of its sessions, chooses a status and an optional text. */
    Outcome setStatus(SessionId session, Status status, String text, Instant now);

    /** Ends whatever grace ran out by {@code now}: lingering rooms, then the user itself. */
    Outcome expire(Instant now);

    /**
     * Makes the sessions of {@code boot} in this presence exactly {@code held}, each with its rooms: what that node
     * boot really holds. Its sessions missing from {@code held} are closed (their rooms linger through grace, as
     * after any close); sessions in {@code held} that this presence lacks are put back with {@code status} and
     * {@code text} if the user was offline (and announced as back to whoever heard them leave); rooms are joined
     * and left to match. Sessions of other boots are left as they are.
     */
    default Outcome reconcile(NodeBoot boot, Collection<SessionEntry> held, Status status, String text, Instant now,
                              GracePeriod grace) {
        return Reconciliation.apply(this, boot, held, status, text, now, grace);
    }

    /**
     * Closes a session its node held, with the rooms it was in. If the store lost it (a wipe, an older snapshot),
     * it is put back first and closed at once, so that whoever heard it open hears it leave after the grace
     * period, instead of nobody ever hearing it.
     */
    default Outcome closeHeld(Session session, Set<RoomId> rooms, Status status, String text, Instant now,
                              GracePeriod grace) {
        return Reconciliation.closeHeld(this, session, rooms, status, text, now, grace);
    }

    /** Whether the sessions of {@code boot} in this presence are exactly {@code held}, with the same rooms. */
    default boolean matches(NodeBoot boot, Collection<SessionEntry> held) {
        Map<SessionId, Set<RoomId>> stored = new HashMap<>();
        sessions().values().forEach(e -> {
            if (boot.holds(e.session())) {
                stored.put(e.session().id(), e.rooms());
            }
        });
        Map<SessionId, Set<RoomId>> wanted = new HashMap<>();
        held.forEach(e -> wanted.put(e.session().id(), e.rooms()));
        return stored.equals(wanted);
    }

    /** The presence of a user the store has never seen. */
    static Presence unknown(UserId user) {
        return new Offline(user, null, 0);
    }
}
