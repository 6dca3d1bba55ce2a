package dev.roster.application.service;

import dev.roster.application.port.in.PresenceRejectedException;
import dev.roster.domain.Outcome;

/** Turns a refused transition into the failure the caller maps to an error frame or status. */
final class Outcomes {
    private Outcomes() {
    }

    static Outcome accepted(Outcome outcome) {
        if (outcome instanceof Outcome.Rejected rejected) {
            throw new PresenceRejectedException(rejected.reason());
        }
        return outcome;
    }
}
