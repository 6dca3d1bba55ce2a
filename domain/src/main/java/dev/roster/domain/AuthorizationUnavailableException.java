package dev.roster.domain;

/**
 * Whoever decides which rooms a user may join could not be asked (unreachable, too slow, answering with an error),
 * so nothing was decided: the join is refused, never let through. The authorizers raise it, and the application
 * turns it into {@link Rejection#AUTHZ_UNAVAILABLE}.
 */
public class AuthorizationUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AuthorizationUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public AuthorizationUnavailableException(String message) {
        super(message);
    }
}
