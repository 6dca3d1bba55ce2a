package dev.roster.adapters.javalin.auth;

import dev.roster.domain.RoomGrants;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.domain.AuthenticationException;
import dev.roster.domain.Credentials;
import dev.roster.domain.Identity;
import dev.roster.domain.UserId;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class DevAuthenticatorTest {
    private final DevAuthenticator authenticator = new DevAuthenticator();

    @Test
    void trusts_a_valid_user_id_and_never_expires() {
        assertThat(authenticator.authenticate(new Credentials(null, "ann@team")).toCompletableFuture().join())
                .isEqualTo(new Identity(UserId.of("ann@team"), null, RoomGrants.ALL));
    }

    @Test
    void refuses_a_missing_or_invalid_user() {
        for (String user : new String[] {null, "", "has space", "x".repeat(65)}) {
            assertThatThrownBy(() -> authenticator.authenticate(new Credentials("a-token", user))
                    .toCompletableFuture().join())
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(AuthenticationException.class);
        }
    }
}
