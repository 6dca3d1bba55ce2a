package dev.roster.adapters.redis;

import java.time.Instant;

/**
 * Instants as stored: exact nanoseconds in a long (until 2262); index scores in whole microseconds, which a double
 * holds exactly.
 */
final class Instants {
    private static final long NANOS = 1_000_000_000L;

    private Instants() {
    }

    static long toNanos(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), NANOS), at.getNano());
    }

    static Instant ofNanos(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS), Math.floorMod(nanos, NANOS));
    }

    /** Rounded up, so that a deadline's score at or below {@link #floorMicros} of now means it is due. */
    static long ceilMicros(Instant at) {
        long micros = Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1000);
        return at.getNano() % 1000 == 0 ? micros : micros + 1;
    }

    static long floorMicros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1000);
    }
}
