package dev.roster.adapters.memory;

import static dev.roster.application.fixtures.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.application.fixtures.FixedClock;
import dev.roster.domain.GracePeriod;
import dev.roster.domain.NodeId;
import dev.roster.domain.Online;
import dev.roster.domain.Outcome;
import dev.roster.domain.Presence;
import dev.roster.domain.RoomId;
import dev.roster.domain.Session;
import dev.roster.domain.SessionId;
import dev.roster.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the in-memory store does beyond the port contract: exact indexes, retention, refusals. */
class InMemoryPresenceStoreTest {
    private static final GracePeriod GRACE = GracePeriod.ofMillis(3000);
    private static final Duration RETENTION = Duration.ofHours(1);

    private final Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
    private final FixedClock clock = new FixedClock(t0);
    private final InMemoryPresenceStore store = new InMemoryPresenceStore(clock, RETENTION);

    private Session open(String user, String id) {
        Session session = new Session(SessionId.of(id), UserId.of(user), NodeId.of("n"), "b", null, clock.now());
        await(store.apply(session.user(), p -> p.open(session, clock.now())));
        return session;
    }

    private void takeOffline(Session session) {
        Instant now = clock.now();
        await(store.apply(session.user(), p -> p.close(session.id(), now, GRACE)));
        await(store.apply(session.user(), p -> p.expire(GRACE.deadlineFrom(now))));
    }

    @Test
    void anOfflineUserIsForgottenOnlyAfterTheRetention() {
        takeOffline(open("ann", "s1"));
        Presence offline = await(store.find(UserId.of("ann")));
        assertThat(offline.lastSeen()).contains(t0);

        clock.advance(RETENTION.minusSeconds(1));
        await(store.dueForExpiry(clock.now(), 10));
        assertThat(await(store.find(UserId.of("ann")))).isEqualTo(offline);

        clock.advance(Duration.ofSeconds(2));
        await(store.dueForExpiry(clock.now(), 10));
        assertThat(await(store.find(UserId.of("ann")))).isEqualTo(Presence.unknown(UserId.of("ann")));
    }

    @Test
    void aUserWhoCameBackIsNotForgotten() {
        takeOffline(open("ann", "s1"));
        clock.advance(Duration.ofMinutes(5));
        open("ann", "s2");

        clock.advance(RETENTION.plusMinutes(1));
        await(store.dueForExpiry(clock.now(), 10));

        Presence back = await(store.find(UserId.of("ann")));
        assertThat(back).isInstanceOf(Online.class);
        assertThat(back.version()).isGreaterThan(0);
    }

    @Test
    void theRoomIndexForgetsAUserTheMomentItLeaves() {
        Session ann = open("ann", "s1");
        RoomId hall = RoomId.of("hall");
        await(store.apply(ann.user(), p -> p.join(ann.id(), hall, clock.now())));
        assertThat(await(store.roomMembers(hall))).containsExactly(ann.user());

        await(store.apply(ann.user(), p -> p.leave(ann.id(), hall, clock.now())));

        assertThat(await(store.roomMembers(hall))).isEmpty();
    }

    @Test
    void aTransitionThatAnswersForAnotherUserIsRefusedAndStoresNothing() {
        Session bob = open("bob", "s2");
        Presence bobs = await(store.find(bob.user()));

        assertThatThrownBy(() -> await(store.apply(UserId.of("ann"), p -> new Outcome.Changed(bobs, List.of()))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ann");
        assertThat(await(store.find(UserId.of("ann")))).isEqualTo(Presence.unknown(UserId.of("ann")));
        assertThat(await(store.onlineCount())).isEqualTo(1);
    }

    @Test
    void badArgumentsFailTheStageAndChangeNothing() {
        open("ann", "s1");

        assertThatThrownBy(() -> await(store.online(0, null))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> await(store.dueForExpiry(t0, -1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> await(store.apply(UserId.of("ann"), null))).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> await(store.apply(UserId.of("ann"), p -> null)))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> await(store.findAll(Arrays.asList(UserId.of("ann"), null))))
                .isInstanceOf(NullPointerException.class);
        assertThat(await(store.onlineCount())).isEqualTo(1);
    }

    @Test
    void aPageEndsWithoutAPositionWhenNothingFollows() {
        open("ann", "s1");
        open("bob", "s2");

        var full = await(store.online(2, null));
        var first = await(store.online(1, null));

        assertThat(full.next()).isNull();
        assertThat(first.users()).containsExactly(UserId.of("ann"));
        assertThat(await(store.online(1, first.next())).users()).containsExactly(UserId.of("bob"));
        assertThat(await(store.online(1, first.next())).next()).isNull();
    }
}
