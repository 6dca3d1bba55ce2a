package dev.roster.application.port.in;

import dev.roster.domain.Credentials;
import dev.roster.domain.Identity;
import java.util.concurrent.CompletionStage;

/**
 * Checks the credentials of a WebSocket handshake before it is upgraded. Fails with
 * {@link dev.roster.domain.AuthenticationException} when they prove nothing.
 */
public interface AuthenticateUseCase {

    CompletionStage<Identity> authenticate(Credentials credentials);
}
