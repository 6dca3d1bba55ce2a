package dev.roster.application.service;

import static dev.roster.application.fixtures.Sessions.user;
import static dev.roster.application.fixtures.Stages.done;
import static dev.roster.application.fixtures.Stages.failure;
import static dev.roster.application.fixtures.Stages.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.roster.application.port.in.PresenceRejectedException;
import dev.roster.application.port.out.Authenticator;
import dev.roster.domain.AuthenticationException;
import dev.roster.domain.Credentials;
import dev.roster.domain.Identity;
import dev.roster.domain.Limits;
import dev.roster.domain.Rejection;
import dev.roster.domain.RoomGrants;
import dev.roster.domain.Session;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The handshake's look at the user's sessions: a user at the limit is refused before the upgrade. */
class AuthenticateServiceTest {
    private static final Identity ANN = new Identity(user("ann"), null, RoomGrants.NONE);
    private static final Credentials CREDENTIALS = new Credentials(null, "ann");

    private final TestNode node = new TestNode();
    private final Authenticator authenticator = mock(Authenticator.class);
    private final AuthenticateService authenticate = new AuthenticateService(authenticator, node.directory,
            new Limits(2, 100));

    AuthenticateServiceTest() {
        when(authenticator.authenticate(any())).thenReturn(done(ANN));
        node.roomIndex("unused");
    }

    @Test
    void a_user_below_the_limit_is_let_through_with_its_identity() {
        node.connected("ann", "s1");

        assertThat(value(authenticate.authenticate(CREDENTIALS))).isEqualTo(ANN);
    }

    @Test
    void a_user_never_seen_is_let_through() {
        assertThat(value(authenticate.authenticate(CREDENTIALS))).isEqualTo(ANN);
    }

    @Test
    void a_user_with_as_many_open_sessions_as_it_may_have_is_refused() {
        node.connected("ann", "s1");
        node.elsewhere("ann", "s2");

        Throwable refused = failure(authenticate.authenticate(CREDENTIALS));

        assertThat(refused).isInstanceOfSatisfying(PresenceRejectedException.class,
                e -> assertThat(e.rejection()).isEqualTo(Rejection.TOO_MANY_SESSIONS));
    }

    @Test
    void sessions_closed_but_inside_the_grace_period_are_not_open() {
        Session s1 = node.connected("ann", "s1");
        Session s2 = node.connected("ann", "s2");
        node.registry.apply(user("ann"), p -> p.close(s -> true, node.clock.now(), TestNode.GRACE));
        assertThat(node.presence("ann").listed()).as("still inside its grace period").isTrue();

        assertThat(value(authenticate.authenticate(CREDENTIALS))).isEqualTo(ANN);
        assertThat(node.presence("ann").sessions()).doesNotContainKeys(s1.id(), s2.id());
    }

    @Test
    void credentials_that_prove_nothing_are_refused_as_such_without_reading_the_store() {
        when(authenticator.authenticate(any())).thenReturn(
                CompletableFuture.failedFuture(new AuthenticationException("bad token")));

        assertThat(failure(authenticate.authenticate(CREDENTIALS))).isInstanceOf(AuthenticationException.class);
        verify(node.directory, never()).find(any());
    }
}
