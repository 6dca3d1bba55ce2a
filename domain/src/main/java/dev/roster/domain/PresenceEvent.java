package dev.roster.domain;

import java.time.Instant;
import java.util.Set;

/** Something that happened to a user's presence. Events are facts: they are announced, never applied. */
public sealed interface PresenceEvent {
    UserId user();

    Instant at();

    /** The first session of a user who was offline opened. */
    record UserCameOnline(UserId user, Status status, Instant at) implements PresenceEvent {
    }

    /** The grace period after the user's last session ran out with no new session. */
    record UserWentOffline(UserId user, Instant at) implements PresenceEvent {
    }

    /** The user chose another status or status text; {@code rooms} are the rooms the user is in. */
    record StatusChanged(UserId user, Status status, String text, Set<RoomId> rooms, SessionId by, Instant at)
            implements PresenceEvent {
        public StatusChanged {
            rooms = Set.copyOf(rooms);
        }
    }

    /** The user became a member of a room, seen by others as {@code state}. */
    record JoinedRoom(UserId user, RoomId room, PresenceState state, SessionId by, Instant at) implements PresenceEvent {
    }

    /**
     * The user stopped being a member of a room: at once after an explicit leave ({@code by} is the session
     * that left), or when the grace period after its last session in the room ran out ({@code by} is null).
     */
    record LeftRoom(UserId user, RoomId room, SessionId by, Instant at) implements PresenceEvent {
    }

    /** A session was registered; {@code sessions} counts the user's open sessions after it. */
    record SessionOpened(Session session, int sessions, Instant at) implements PresenceEvent {
        @Override
        public UserId user() {
            return session.user();
        }
    }

    /** A session was closed (by the client, the server, or because its node died). */
    record SessionClosed(Session session, int sessions, Instant at) implements PresenceEvent {
        @Override
        public UserId user() {
            return session.user();
        }
    }
}
