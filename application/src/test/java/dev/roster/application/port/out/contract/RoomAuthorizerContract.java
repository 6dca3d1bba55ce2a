package dev.roster.application.port.out.contract;

import static dev.roster.application.fixtures.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.application.port.out.RoomAuthorizer;
import dev.roster.domain.AuthorizationUnavailableException;
import dev.roster.domain.RoomId;
import dev.roster.domain.UserId;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RoomAuthorizer} must do, whatever it asks: allow exactly what its source allows, deny the rest,
 * and fail with {@link AuthorizationUnavailableException} (never with a denial or an allowance) when its source
 * cannot be asked. An adapter's test implements the two ways of making one.
 */
public abstract class RoomAuthorizerContract {
    protected static final UserId ANN = UserId.of("ann");
    protected static final UserId BOB = UserId.of("bob");
    protected static final RoomId DM = RoomId.of("dm:ann:bob");
    protected static final RoomId TEAM = RoomId.of("team:2:general");

    /** An authorizer whose source allows each user exactly the rooms given, and nothing else. */
    protected abstract RoomAuthorizer allowing(Map<UserId, Set<RoomId>> allowed) throws Exception;

    /** An authorizer whose source cannot be asked. */
    protected abstract RoomAuthorizer unreachable() throws Exception;

    @Test
    void allowsWhatItsSourceAllows() {
        RoomAuthorizer authorizer = allowingAnnTheDm();

        assertThat(await(authorizer.allows(ANN, DM))).isTrue();
    }

    @Test
    void deniesAnotherRoomOfTheSameUserAndTheSameRoomOfAnotherUser() {
        RoomAuthorizer authorizer = allowingAnnTheDm();

        assertThat(await(authorizer.allows(ANN, TEAM))).isFalse();
        assertThat(await(authorizer.allows(BOB, DM))).isFalse();
    }

    @Test
    void anAuthorizerThatCannotAskFailsAsUnavailable() throws Exception {
        RoomAuthorizer authorizer = unreachable();

        assertThatThrownBy(() -> await(authorizer.allows(ANN, DM)))
                .isInstanceOf(AuthorizationUnavailableException.class);
    }

    private RoomAuthorizer allowingAnnTheDm() {
        try {
            return allowing(Map.of(ANN, Set.of(DM)));
        } catch (Exception e) {
            throw new IllegalStateException("could not make the authorizer under test", e);
        }
    }
}
