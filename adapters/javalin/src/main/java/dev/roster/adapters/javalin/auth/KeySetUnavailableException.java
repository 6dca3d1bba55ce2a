package dev.roster.adapters.javalin.auth;

/**
 * A token could not be checked because the key set it names could not be fetched (the identity provider did not
 * answer in time, answered an error, or served no valid key set). Says nothing against the token: the client may
 * try again later, so a handshake answers 503, not 401.
 */
public class KeySetUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KeySetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
