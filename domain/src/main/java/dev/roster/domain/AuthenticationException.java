package dev.roster.domain;

/** The credentials prove nothing; the message says why, without echoing secrets. */
public class AuthenticationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message) {
        super(message);
    }
}
