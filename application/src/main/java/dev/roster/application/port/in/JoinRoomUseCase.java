package dev.roster.application.port.in;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** A session joins a room; the room hears it unless the user was already a member. */
public interface JoinRoomUseCase {
    /** Completes with the room's members right after the join, the joiner included. */
    CompletionStage<List<Member>> join(RoomCommand command);
}
