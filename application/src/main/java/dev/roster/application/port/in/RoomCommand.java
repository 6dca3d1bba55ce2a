package dev.roster.application.port.in;

import dev.roster.domain.RoomId;
import dev.roster.domain.Session;
import java.util.Objects;

/** A session acting on one room. */
public record RoomCommand(Session session, RoomId room) {
    public RoomCommand {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(room, "room");
    }
}
