package dev.roster.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The grace policy: how long a user, or a user's place in a room, outlives its last session. A reconnect
 * inside it announces nothing, so a page reload or a flaky network never makes a user flap.
 */
public record GracePeriod(Duration length) {
    public GracePeriod {
        Objects.requireNonNull(length, "length");
        if (length.isNegative()) {
            throw new DomainException("grace period must not be negative");
        }
    }

    public static GracePeriod ofMillis(long millis) {
        return new GracePeriod(Duration.ofMillis(millis));
    }

    public Instant deadlineFrom(Instant now) {
        return now.plus(length);
    }
}
