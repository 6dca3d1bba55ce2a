package dev.roster.application.port.in;

import java.util.concurrent.CompletionStage;

/** A session joins a room; the room hears it unless the user was already a member. */
public interface JoinRoomUseCase {
    /**
     * Completes with the room's members right after the join, the joiner included: all of them, or in a large room
     * a partial list with the count (see {@link RoomListing}).
     */
    CompletionStage<RoomListing> join(RoomCommand command);
}
