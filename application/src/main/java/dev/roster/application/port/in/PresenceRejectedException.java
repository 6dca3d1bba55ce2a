package dev.roster.application.port.in;

import dev.roster.domain.Rejection;

/** The presence model refused the action; nothing changed. */
public class PresenceRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Rejection rejection;

    public PresenceRejectedException(Rejection rejection) {
        super(rejection.message());
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }
}
