package dev.roster.application.port.in;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** A session asks who is in a room it joined. */
public interface WhoUseCase {
    CompletionStage<List<Member>> who(RoomCommand command);
}
