package dev.roster.application.port.out;

import dev.roster.domain.Credentials;
import dev.roster.domain.Identity;
import java.util.concurrent.CompletionStage;

/**
 * Turns handshake credentials into a user. Fails with {@link dev.roster.domain.AuthenticationException} when they
 * prove nothing.
 */
public interface Authenticator {
    CompletionStage<Identity> authenticate(Credentials credentials);
}
