package dev.roster.application.port.in;

import dev.roster.domain.Credentials;
import dev.roster.domain.Identity;
import java.util.concurrent.CompletionStage;

/**
 * Checks the credentials of a WebSocket handshake before it is upgraded. Fails with
 * {@link dev.roster.domain.AuthenticationException} when they prove nothing, and with a
 * {@link PresenceRejectedException} of {@link dev.roster.domain.Rejection#TOO_MANY_SESSIONS} when the user already
 * has as many open sessions as it may have (sessions closed but inside their grace period are not open), so that
 * the handshake can be refused before the upgrade. The limit is held again, atomically, when the session opens.
 */
public interface AuthenticateUseCase {

    CompletionStage<Identity> authenticate(Credentials credentials);
}
