package dev.roster.application.port.out;

import dev.roster.application.port.in.AuthenticateUseCase.Credentials;
import dev.roster.application.port.in.AuthenticateUseCase.Identity;
import java.util.concurrent.CompletionStage;

/**
 * Turns handshake credentials into a user. Fails with
 * {@link dev.roster.application.port.in.AuthenticateUseCase.AuthenticationException} when they prove nothing.
 */
public interface Authenticator {
    CompletionStage<Identity> authenticate(Credentials credentials);
}
