package dev.roster.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * A presence others see as online: {@link Online}, or {@link PendingOffline} inside its grace period. Both show the
 * status the user chose, its text, and when each began, from the same four fields.
 */
sealed interface Listed extends Presence permits Online, PendingOffline {

    Status chosen();

    String text();

    Instant sinceAt();

    Instant lastSeenAt();

    @Override
    default PresenceState state() {
        return chosen().asState();
    }

    @Override
    default Optional<Status> status() {
        return Optional.of(chosen());
    }

    @Override
    default Optional<String> statusText() {
        return Optional.ofNullable(text());
    }

    @Override
    default Optional<Instant> since() {
        return Optional.of(sinceAt());
    }

    @Override
    default Optional<Instant> lastSeen() {
        return Optional.of(lastSeenAt());
    }
}
