package dev.roster.domain;

import static dev.roster.domain.Fixtures.GRACE;
import static dev.roster.domain.Fixtures.T0;
import static dev.roster.domain.Fixtures.aUser;
import static dev.roster.domain.Fixtures.assertRejected;
import static dev.roster.domain.Fixtures.assertUnchanged;
import static dev.roster.domain.Fixtures.at;
import static dev.roster.domain.Fixtures.changed;
import static dev.roster.domain.Fixtures.room;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.domain.PresenceEvent.LeftRoom;
import dev.roster.domain.PresenceEvent.SessionOpened;
import dev.roster.domain.PresenceEvent.UserWentOffline;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The grace period after the last session closed: still listed, silent on a reconnect, offline at the deadline. */
class PendingOfflineTest {
    private final UserFixture ann = aUser("ann").withSessions(2).inRoom("lobby", 1).inRoom("dev", 2)
            .withStatus(Status.AWAY, "brb");
    private final PendingOffline pending = ann.pendingOfflineSince(at(1_000));

    @Test
    void it_is_still_listed_with_the_chosen_status_and_every_room() {
        assertThat(pending.listed()).isTrue();
        assertThat(pending.state()).isEqualTo(PresenceState.AWAY);
        assertThat(pending.statusText()).contains("brb");
        assertThat(pending.since()).contains(T0);
        assertThat(pending.lastSeen()).contains(at(1_000));
        assertThat(pending.deadline()).isEqualTo(at(4_000));
        assertThat(pending.sessions()).isEmpty();
        assertThat(pending.rooms()).containsExactly(room("dev"), room("lobby"));
        assertThat(pending.nextDeadline()).contains(at(4_000));
    }

    @Test
    void a_reopen_inside_grace_comes_back_online_silently_keeping_status_since_and_rooms() {
        Session third = aUser("ann").session(3);

        Outcome.Changed outcome = changed(pending.open(third, at(2_000)));

        assertThat(outcome.events()).containsExactly(new SessionOpened(third, 1, at(2_000)));
        Online online = (Online) outcome.next();
        assertThat(online.state()).isEqualTo(PresenceState.AWAY);
        assertThat(online.statusText()).contains("brb");
        assertThat(online.since()).contains(T0);
        assertThat(online.lastSeen()).contains(at(2_000));
        assertThat(online.sessions()).containsOnlyKeys(third.id());
        // the rooms still linger: the new session has not joined them, so their grace runs on
        assertThat(online.lingering()).isEqualTo(Map.of(room("lobby"), at(4_000), room("dev"), at(4_000)));
        assertThat(online.version()).isGreaterThan(pending.version());
    }

    @Test
    void a_reopen_that_rejoins_a_room_inside_grace_announces_nothing_and_the_room_never_hears_offline() {
        Session third = aUser("ann").session(3);
        Presence back = changed(pending.open(third, at(2_000))).next();

        Outcome.Changed rejoined = changed(back.join(third.id(), room("lobby"), at(2_100)));
        Outcome.Changed expired = changed(rejoined.next().expire(at(4_000)));

        assertThat(rejoined.events()).isEmpty();
        assertThat(expired.events()).containsExactly(new LeftRoom(ann.id(), room("dev"), null, at(4_000)));
        assertThat(expired.next().inRoom(room("lobby"))).isTrue();
        assertThat(expired.next().listed()).isTrue();
    }

    @Test
    void a_session_of_another_user_is_refused() {
        assertThatThrownBy(() -> pending.open(aUser("bob").session(1), at(2_000)))
                .isInstanceOf(DomainException.class)
                .hasMessage("session bob-1 belongs to bob, not ann");
    }

    @Test
    void expire_before_the_deadline_changes_nothing() {
        assertUnchanged(pending.expire(at(1_000)), pending);
        assertUnchanged(pending.expire(at(3_999)), pending);
    }

    @Test
    void expire_at_the_deadline_leaves_every_lingering_room_then_goes_offline() {
        Outcome.Changed outcome = changed(pending.expire(at(4_000)));

        assertThat(outcome.events()).containsExactly(
                new LeftRoom(ann.id(), room("dev"), null, at(4_000)),
                new LeftRoom(ann.id(), room("lobby"), null, at(4_000)),
                new UserWentOffline(ann.id(), at(4_000)));
        Offline offline = (Offline) outcome.next();
        assertThat(offline.lastSeen()).contains(at(1_000));
        assertThat(offline.listed()).isFalse();
        assertThat(offline.rooms()).isEmpty();
        assertThat(offline.version()).isGreaterThan(pending.version());
    }

    @Test
    void expire_after_the_deadline_also_goes_offline() {
        Outcome.Changed outcome = changed(pending.expire(at(60_000)));

        assertThat(outcome.next()).isInstanceOf(Offline.class);
        assertThat(outcome.events()).hasSize(3).last().isEqualTo(new UserWentOffline(ann.id(), at(60_000)));
        assertThat(outcome.events()).filteredOn(LeftRoom.class::isInstance).hasSize(2);
    }

    @Test
    void a_room_that_lingered_before_the_last_close_runs_out_first_and_is_announced_once() {
        UserFixture bob = aUser("bob").withSessions(2).inRoom("lobby", 1).inRoom("dev", 2);
        Presence p = bob.online();
        p = changed(p.close(bob.sid(1), at(100), GRACE)).next();
        PendingOffline pendingBob = (PendingOffline) changed(p.close(bob.sid(2), at(1_000), GRACE)).next();

        assertThat(pendingBob.nextDeadline()).contains(at(3_100));
        Outcome.Changed lobbyOut = changed(pendingBob.expire(at(3_100)));
        assertThat(lobbyOut.events()).containsExactly(new LeftRoom(bob.id(), room("lobby"), null, at(3_100)));
        assertThat(lobbyOut.next()).isInstanceOf(PendingOffline.class);
        assertThat(lobbyOut.next().nextDeadline()).contains(at(4_000));
        assertThat(lobbyOut.next().version()).isGreaterThan(pendingBob.version());

        Outcome.Changed offline = changed(lobbyOut.next().expire(at(4_000)));
        assertThat(offline.events()).containsExactly(
                new LeftRoom(bob.id(), room("dev"), null, at(4_000)),
                new UserWentOffline(bob.id(), at(4_000)));
    }

    @Test
    void a_user_with_no_rooms_just_goes_offline() {
        PendingOffline alone = aUser("cy").withSessions(1).pendingOfflineSince(at(0));

        Outcome.Changed outcome = changed(alone.expire(at(3_000)));

        assertThat(outcome.events()).containsExactly(new UserWentOffline(alone.user(), at(3_000)));
    }

    @Test
    void close_changes_nothing_and_session_actions_are_refused() {
        assertUnchanged(pending.close(s -> true, at(2_000), GRACE), pending);
        assertRejected(pending.join(ann.sid(1), room("lobby"), at(2_000)), pending, Rejection.NO_SESSION);
        assertRejected(pending.leave(ann.sid(1), room("lobby"), at(2_000)), pending, Rejection.NO_SESSION);
        assertRejected(pending.setStatus(ann.sid(1), Status.BUSY, null, at(2_000)), pending, Rejection.NO_SESSION);
    }

    @Test
    void restore_brings_back_the_session_with_its_rooms_silently() {
        Outcome.Changed outcome = changed(pending.restore(ann.session(1), Set.of(room("lobby")), Status.AWAY, "brb",
                at(2_000)));

        assertThat(outcome.events()).containsExactly(new SessionOpened(ann.session(1), 1, at(2_000)));
        Presence next = outcome.next();
        assertThat(next.sessions().get(ann.sid(1)).rooms()).containsExactly(room("lobby"));
        assertThat(next.lingering()).isEqualTo(Map.of(room("dev"), at(4_000)));
        assertThat(next.since()).contains(T0);
    }
}
