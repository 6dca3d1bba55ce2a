package dev.roster.domain;

import java.time.Instant;

/**
 * Presence versions: strictly increasing per user, and also moving forward with time, so that a user whose stored
 * presence was lost (a store restart) and rebuilt keeps getting versions above the ones already announced.
 */
final class Versions {
    private static final long PER_MILLI = 1000;

    private Versions() {
    }

    static long next(long version, Instant now) {
        return Math.max(version + 1, now.toEpochMilli() * PER_MILLI);
    }
}
