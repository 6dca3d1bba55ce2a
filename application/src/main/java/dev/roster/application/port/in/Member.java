package dev.roster.application.port.in;

import dev.roster.domain.PresenceState;
import dev.roster.domain.UserId;
import java.time.Instant;

/**
 * A member of a room as others see it: {@code sessions} counts its open connections on every node, {@code text} is
 * its status text (null when none).
 */
public record Member(UserId user, PresenceState state, Instant since, int sessions, String text) {
}
