package dev.roster.domain;

import static dev.roster.domain.Fixtures.GRACE;
import static dev.roster.domain.Fixtures.aUser;
import static dev.roster.domain.Fixtures.assertRejected;
import static dev.roster.domain.Fixtures.assertUnchanged;
import static dev.roster.domain.Fixtures.at;
import static dev.roster.domain.Fixtures.changed;
import static dev.roster.domain.Fixtures.room;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.domain.PresenceEvent.JoinedRoom;
import dev.roster.domain.PresenceEvent.SessionOpened;
import dev.roster.domain.PresenceEvent.UserCameOnline;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OfflineTest {
    private final UserFixture ann = aUser("ann").withSessions(1);
    private final Offline seenBefore = new Offline(ann.id(), at(-60_000), 7);

    @Test
    void the_first_session_brings_the_user_online_and_announces_it() {
        Outcome.Changed outcome = changed(seenBefore.open(ann.session(1), at(10)));

        assertThat(outcome.events()).containsExactly(
                new UserCameOnline(ann.id(), Status.ONLINE, at(10)),
                new SessionOpened(ann.session(1), 1, at(10)));
        Online online = (Online) outcome.next();
        assertThat(online.state()).isEqualTo(PresenceState.ONLINE);
        assertThat(online.status()).contains(Status.ONLINE);
        assertThat(online.statusText()).isEmpty();
        assertThat(online.since()).contains(at(10));
        assertThat(online.lastSeen()).contains(at(10));
        assertThat(online.sessions()).containsOnlyKeys(ann.sid(1));
        assertThat(online.rooms()).isEmpty();
        assertThat(online.lingering()).isEmpty();
        assertThat(online.nextDeadline()).isEmpty();
        assertThat(online.listed()).isTrue();
        assertThat(online.version()).isGreaterThan(seenBefore.version());
    }

    @Test
    void a_session_of_another_user_is_refused() {
        Session bobs = aUser("bob").session(1);

        assertThatThrownBy(() -> seenBefore.open(bobs, at(10)))
                .isInstanceOf(DomainException.class)
                .hasMessage("session bob-1 belongs to bob, not ann");
        assertThatThrownBy(() -> seenBefore.restore(bobs, Set.of(), Status.ONLINE, null, at(10)))
                .isInstanceOf(DomainException.class);
    }

    @Test
    void restore_puts_the_session_back_with_its_rooms_and_status_announcing_the_user_back() {
        Outcome.Changed outcome = changed(seenBefore.restore(ann.session(1), Set.of(room("lobby")), Status.BUSY,
                "coding", at(10)));

        assertThat(outcome.events()).containsExactly(
                new UserCameOnline(ann.id(), Status.BUSY, at(10)),
                new SessionOpened(ann.session(1), 1, at(10)),
                new JoinedRoom(ann.id(), room("lobby"), PresenceState.BUSY, ann.sid(1), at(10)));
        Presence next = outcome.next();
        assertThat(next.state()).isEqualTo(PresenceState.BUSY);
        assertThat(next.statusText()).contains("coding");
        assertThat(next.sessions().get(ann.sid(1)).rooms()).containsExactly(room("lobby"));
        assertThat(next.rooms()).containsExactly(room("lobby"));
        assertThat(next.version()).isGreaterThan(seenBefore.version());
    }

    @Test
    void restore_checks_the_status_text() {
        assertThatThrownBy(() -> seenBefore.restore(ann.session(1), Set.of(), Status.AWAY, "x".repeat(257), at(10)))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("256");
    }

    @Test
    void close_and_expire_change_nothing() {
        assertUnchanged(seenBefore.close(ann.sid(1), at(10), GRACE), seenBefore);
        assertUnchanged(seenBefore.close(s -> true, at(10), GRACE), seenBefore);
        assertUnchanged(seenBefore.expire(at(10)), seenBefore);
    }

    @Test
    void actions_of_a_session_are_refused_with_no_session() {
        assertRejected(seenBefore.join(ann.sid(1), room("lobby"), at(10)), seenBefore, Rejection.NO_SESSION);
        assertRejected(seenBefore.leave(ann.sid(1), room("lobby"), at(10)), seenBefore, Rejection.NO_SESSION);
        assertRejected(seenBefore.setStatus(ann.sid(1), Status.AWAY, null, at(10)), seenBefore,
                Rejection.NO_SESSION);
    }

    @Test
    void offline_shows_no_status_but_keeps_last_seen() {
        assertThat(seenBefore.state()).isEqualTo(PresenceState.OFFLINE);
        assertThat(seenBefore.listed()).isFalse();
        assertThat(seenBefore.status()).isEmpty();
        assertThat(seenBefore.statusText()).isEmpty();
        assertThat(seenBefore.since()).isEmpty();
        assertThat(seenBefore.lastSeen()).contains(at(-60_000));
        assertThat(seenBefore.sessions()).isEqualTo(Map.of());
        assertThat(seenBefore.nextDeadline()).isEmpty();
        assertThat(seenBefore.inRoom(room("lobby"))).isFalse();
    }

    @Test
    void versions_also_move_with_time_so_a_rebuilt_presence_outruns_announced_ones() {
        Instant later = at(5_000);
        Presence rebuilt = changed(Presence.unknown(ann.id()).open(ann.session(1), later)).next();

        assertThat(rebuilt.version()).isGreaterThanOrEqualTo(later.toEpochMilli() * 1000);
    }
}
