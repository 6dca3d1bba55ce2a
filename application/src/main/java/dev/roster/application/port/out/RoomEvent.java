package dev.roster.application.port.out;

import dev.roster.domain.PresenceState;
import dev.roster.domain.RoomId;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import java.time.Instant;

/** What travels between nodes for a room; what reaches its members' clients too (see {@link ClientEvent}). */
public sealed interface RoomEvent {
    RoomId room();

    /** The session the event came from, which does not hear it again (null when none did). */
    SessionId origin();

    /**
     * A member's presence in the room changed. {@code version} is the user's presence version after the change, so
     * that a receiver can drop an older notice that arrives late.
     *
     * @param text      the member's status text, null when none (and always when offline)
     * @param sessions  the member's open sessions on every node after the change; null when the node that sent
     *                  the notice did not say (a node of an earlier version)
     * @param countOnly true when only {@code sessions} changed (a session opened or closed while the member stayed
     *                  online): neither its membership of the room nor its status did
     * @param roomSize  the members of the room across every node right after the change, as the store counted them
     *                  when it stored a join or a leave; null when the notice does not say (a status change or a
     *                  device count, which leave the room's size as it was, or a node of an earlier version)
     */
    record PresenceNotice(RoomId room, UserId user, PresenceState state, String text, Integer sessions,
                          boolean countOnly, Instant at, long version, SessionId origin, Long roomSize)
            implements RoomEvent, ClientEvent {
        public PresenceNotice {
            if (sessions != null && sessions < 0) {
                throw new IllegalArgumentException("a session count is never negative: " + sessions);
            }
            if (roomSize != null && roomSize < 0) {
                throw new IllegalArgumentException("a room's size is never negative: " + roomSize);
            }
        }

        /** A notice that does not say the room's size. */
        public PresenceNotice(RoomId room, UserId user, PresenceState state, String text, Integer sessions,
                              boolean countOnly, Instant at, long version, SessionId origin) {
            this(room, user, state, text, sessions, countOnly, at, version, origin, null);
        }
    }

    /** A chat message said in the room; the sender hears it too. */
    record ChatMessage(RoomId room, UserId from, String text, Instant at, SessionId origin)
            implements RoomEvent, ClientEvent {
    }
}
