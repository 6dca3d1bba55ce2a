package dev.roster.adapters.runtime;

import dev.roster.application.port.out.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The machine's clock, at millisecond precision: the wire and the stores speak epoch milliseconds, so one
 * precision everywhere keeps an instant equal to itself after a round trip.
 */
public final class SystemClock implements Clock {
    @Override
    public Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
