package dev.roster.adapters.javalin.auth;

import dev.roster.domain.RoomGrants;
import dev.roster.domain.AuthenticationException;
import dev.roster.domain.Credentials;
import dev.roster.domain.Identity;
import dev.roster.application.port.out.Authenticator;
import dev.roster.domain.InvalidIdException;
import dev.roster.domain.UserId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Development authentication: trusts {@code ?user=<id>} as it is, with no proof. Insecure by design; the id must
 * still be a valid user id. The identity never expires.
 */
public final class DevAuthenticator implements Authenticator {

    @Override
    public CompletionStage<Identity> authenticate(Credentials credentials) {
        String user = credentials.user();
        if (user == null || user.isEmpty()) {
            return CompletableFuture.failedFuture(new AuthenticationException("user is missing: connect with ?user=<id>"));
        }
        try {
            return CompletableFuture.completedFuture(new Identity(UserId.of(user), null, RoomGrants.ALL));
        } catch (InvalidIdException e) {
            return CompletableFuture.failedFuture(new AuthenticationException(e.getMessage()));
        }
    }
}
