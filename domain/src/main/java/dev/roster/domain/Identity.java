package dev.roster.domain;

import java.time.Instant;

/** Who a client's credentials prove it is; {@code expiresAt} is when they stop doing so (null if never). */
public record Identity(UserId user, Instant expiresAt) {
}
