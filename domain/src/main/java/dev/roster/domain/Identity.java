package dev.roster.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * Who a client's credentials prove it is: {@code expiresAt} is when they stop doing so (null if never), and
 * {@code rooms} the rooms they let it join by themselves.
 */
public record Identity(UserId user, Instant expiresAt, RoomGrants rooms) {
    public Identity {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(rooms, "rooms");
    }
}
