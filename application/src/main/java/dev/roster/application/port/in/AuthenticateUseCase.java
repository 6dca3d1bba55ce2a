package dev.roster.application.port.in;

import dev.roster.domain.UserId;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

/** Checks the credentials of a WebSocket handshake before it is upgraded. */
public interface AuthenticateUseCase {

    CompletionStage<Identity> authenticate(Credentials credentials);

    /** What a handshake offered: a JWT, or (under dev auth) a plain user name. Either may be null. */
    record Credentials(String token, String user) {
    }

    /** Who the credentials prove; {@code expiresAt} is when they stop doing so (null if never). */
    record Identity(UserId user, Instant expiresAt) {
    }

    /** The credentials prove nothing; the message says why, without echoing secrets. */
    class AuthenticationException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public AuthenticationException(String message) {
            super(message);
        }
    }
}
