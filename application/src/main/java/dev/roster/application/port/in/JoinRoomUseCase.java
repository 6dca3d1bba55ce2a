package dev.roster.application.port.in;

import dev.roster.domain.RoomGrants;
import dev.roster.domain.RoomId;
import dev.roster.domain.Session;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A session joins a room it may join; the room hears it unless the user was already a member. A room the user may
 * not join is refused with {@link dev.roster.domain.Rejection#FORBIDDEN} before the store is read or written, so the
 * answer says nothing about the room; one the application's authorizer could not be asked about with
 * {@link dev.roster.domain.Rejection#AUTHZ_UNAVAILABLE}; one more room than a session may be in with
 * {@link dev.roster.domain.Rejection#TOO_MANY_ROOMS}.
 */
public interface JoinRoomUseCase {
    /**
     * Completes with the room's members right after the join, the joiner included: all of them, or in a large room
     * a partial list with the count (see {@link RoomListing}).
     */
    CompletionStage<RoomListing> join(JoinCommand command);

    /** A session asking to join a room, with the rooms its credentials grant by themselves. */
    record JoinCommand(Session session, RoomId room, RoomGrants grants) {
        public JoinCommand {
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(grants, "grants");
        }
    }
}
