package dev.roster.application.port.out;

import java.time.Instant;

/** Where the time comes from, so that tests can move it. */
public interface Clock {
    Instant now();
}
