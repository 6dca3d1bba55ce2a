package dev.roster.domain;

import java.time.Instant;

/**
 * Presence versions: strictly increasing per user, and also moving forward with time, so that a user whose stored
 * presence was lost (a store restart) and rebuilt keeps getting versions above the ones already announced.
 *
 * <p>Since a change's version is at least its millisecond times 1,000, a version also tells when the user's last
 * change happened, to the millisecond or later: {@link #stamp} uses that so that a user's times never go back.
 */
final class Versions {
    private static final long PER_MILLI = 1000;

    private Versions() {
    }

    static long next(long version, Instant now) {
        return Math.max(version + 1, now.toEpochMilli() * PER_MILLI);
    }

    /**
     * The time of a change to a presence of {@code version} taken at {@code now}: {@code now}, unless that is
     * earlier than the millisecond of the presence's last change, in which case that millisecond. A transition's
     * time is taken before its commit: on another node whose clock runs behind, or before a commit that another
     * node's change overtook (its compare-and-set failed and it ran again on the newer presence). Stamped this way,
     * a user's events never go back in time: a session opened on a user whose grace ran out meanwhile comes after
     * the offline it follows, by the times it carries as by the log's order.
     */
    static Instant stamp(long version, Instant now) {
        long last = version / PER_MILLI;
        return now.toEpochMilli() >= last ? now : Instant.ofEpochMilli(last);
    }
}
