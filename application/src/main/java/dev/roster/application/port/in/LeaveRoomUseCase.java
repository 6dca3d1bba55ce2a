package dev.roster.application.port.in;

import java.util.concurrent.CompletionStage;

/** A session leaves a room; announced at once when no other session of the user is in it. */
public interface LeaveRoomUseCase {
    /** Fails with {@link PresenceRejectedException} ({@code not_member}) if the session is not in the room. */
    CompletionStage<Void> leave(RoomCommand command);
}
