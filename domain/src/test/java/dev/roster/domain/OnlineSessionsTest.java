package dev.roster.domain;

import static dev.roster.domain.Fixtures.GRACE;
import static dev.roster.domain.Fixtures.T0;
import static dev.roster.domain.Fixtures.aUser;
import static dev.roster.domain.Fixtures.assertUnchanged;
import static dev.roster.domain.Fixtures.at;
import static dev.roster.domain.Fixtures.changed;
import static dev.roster.domain.Fixtures.room;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.domain.PresenceEvent.JoinedRoom;
import dev.roster.domain.PresenceEvent.SessionClosed;
import dev.roster.domain.PresenceEvent.SessionOpened;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Sessions of an online user: tabs and devices come and go without the user flapping. */
class OnlineSessionsTest {

    @Test
    void a_second_session_announces_only_itself() {
        UserFixture ann = aUser("ann").withSessions(2);
        Online one = aUser("ann").withSessions(1).online();

        Outcome.Changed outcome = changed(one.open(ann.session(2), at(100)));

        assertThat(outcome.events()).containsExactly(new SessionOpened(ann.session(2), 2, at(100)));
        Online two = (Online) outcome.next();
        assertThat(two.sessions()).containsOnlyKeys(ann.sid(1), ann.sid(2));
        assertThat(two.since()).contains(T0);
        assertThat(two.lastSeen()).contains(at(100));
        assertThat(two.version()).isGreaterThan(one.version());
    }

    @Test
    void opening_a_session_already_open_changes_nothing() {
        UserFixture ann = aUser("ann").withSessions(2);
        Online online = ann.online();

        assertUnchanged(online.open(ann.session(2), at(100)), online);
    }

    @Test
    void a_session_of_another_user_is_refused() {
        Online online = aUser("ann").withSessions(1).online();
        Session bobs = aUser("bob").session(1);

        assertThatThrownBy(() -> online.open(bobs, at(100)))
                .isInstanceOf(DomainException.class)
                .hasMessage("session bob-1 belongs to bob, not ann");
        assertThatThrownBy(() -> online.restore(bobs, Set.of(), Status.ONLINE, null, at(100)))
                .isInstanceOf(DomainException.class);
    }

    @Test
    void closing_one_of_two_sessions_keeps_the_user_online() {
        UserFixture ann = aUser("ann").withSessions(2);
        Online online = ann.withStatus(Status.AWAY, "lunch").online();

        Outcome.Changed outcome = changed(online.close(ann.sid(1), at(500), GRACE));

        assertThat(outcome.events()).containsExactly(new SessionClosed(ann.session(1), 1, at(500)));
        Online next = (Online) outcome.next();
        assertThat(next.sessions()).containsOnlyKeys(ann.sid(2));
        assertThat(next.state()).isEqualTo(PresenceState.AWAY);
        assertThat(next.statusText()).contains("lunch");
        assertThat(next.since()).isEqualTo(online.since());
        assertThat(next.lastSeen()).contains(at(500));
        assertThat(next.listed()).isTrue();
        assertThat(next.nextDeadline()).isEmpty();
    }

    @Test
    void the_last_close_starts_the_grace_period_without_announcing_offline() {
        UserFixture ann = aUser("ann").withSessions(1).withStatus(Status.BUSY, "deep work");
        Online online = ann.online();

        Outcome.Changed outcome = changed(online.close(ann.sid(1), at(500), GRACE));

        assertThat(outcome.events()).containsExactly(new SessionClosed(ann.session(1), 0, at(500)));
        PendingOffline pending = (PendingOffline) outcome.next();
        assertThat(pending.deadline()).isEqualTo(at(500).plus(GRACE.length()));
        assertThat(pending.lastSeen()).contains(at(500));
        assertThat(pending.state()).isEqualTo(PresenceState.BUSY);
        assertThat(pending.statusText()).contains("deep work");
        assertThat(pending.since()).isEqualTo(online.since());
        assertThat(pending.listed()).isTrue();
        assertThat(pending.sessions()).isEmpty();
        assertThat(pending.nextDeadline()).contains(at(3_500));
        assertThat(pending.version()).isGreaterThan(online.version());
    }

    @Test
    void closing_every_session_at_once_counts_them_down_and_keeps_their_rooms_lingering() {
        UserFixture ann = aUser("ann").withSessions(3).inRoom("lobby", 1).inRoom("dev", 2, 3);
        Online online = ann.online();

        Outcome.Changed outcome = changed(online.close(s -> true, at(500), GRACE));

        assertThat(outcome.events()).containsExactly(
                new SessionClosed(ann.session(1), 2, at(500)),
                new SessionClosed(ann.session(2), 1, at(500)),
                new SessionClosed(ann.session(3), 0, at(500)));
        assertThat(outcome.next().lingering())
                .isEqualTo(Map.of(room("lobby"), at(3_500), room("dev"), at(3_500)));
        assertThat(outcome.next().rooms()).containsExactly(room("dev"), room("lobby"));
    }

    @Test
    void closing_only_the_sessions_that_match_leaves_the_others_open() {
        UserFixture ann = aUser("ann").withSessions(3);
        Online online = ann.online();

        Outcome.Changed outcome = changed(online.close(
                s -> !s.id().equals(ann.sid(2)), at(500), GRACE));

        assertThat(outcome.next()).isInstanceOf(Online.class);
        assertThat(outcome.next().sessions()).containsOnlyKeys(ann.sid(2));
        assertThat(outcome.events()).hasSize(2);
    }

    @Test
    void closing_a_session_that_is_not_open_changes_nothing() {
        UserFixture ann = aUser("ann").withSessions(1);
        Online online = ann.online();

        assertUnchanged(online.close(ann.sid(9), at(500), GRACE), online);
        assertUnchanged(online.close(s -> false, at(500), GRACE), online);
    }

    @Test
    void restore_of_an_open_session_adds_its_missing_rooms_announcing_only_those_the_user_was_not_in() {
        UserFixture ann = aUser("ann").withSessions(2).inRoom("lobby", 1);
        Online online = ann.online();

        Outcome.Changed outcome = changed(online.restore(ann.session(1), Set.of(room("lobby"), room("dev")),
                Status.ONLINE, null, at(100)));

        assertThat(outcome.events()).containsExactly(
                new JoinedRoom(ann.id(), room("dev"), PresenceState.ONLINE, ann.sid(1), at(100)));
        assertThat(outcome.next().sessions().get(ann.sid(1)).rooms()).containsOnly(room("lobby"), room("dev"));
        assertThat(outcome.next().version()).isGreaterThan(online.version());
    }

    @Test
    void restore_of_an_open_session_already_in_its_rooms_changes_nothing() {
        UserFixture ann = aUser("ann").withSessions(1).inRoom("lobby");
        Online online = ann.online();

        assertUnchanged(online.restore(ann.session(1), Set.of(room("lobby")), Status.ONLINE, null, at(100)), online);
    }

    @Test
    void restore_of_a_session_the_store_lost_announces_only_the_session_and_takes_back_its_lingering_room() {
        UserFixture ann = aUser("ann").withSessions(2).inRoom("lobby", 2);
        Online lingering = (Online) changed(ann.online().close(ann.sid(2), at(100), GRACE)).next();

        Outcome.Changed outcome = changed(lingering.restore(ann.session(2), Set.of(room("lobby")), Status.ONLINE,
                null, at(200)));

        assertThat(outcome.events()).containsExactly(new SessionOpened(ann.session(2), 2, at(200)));
        assertThat(outcome.next().lingering()).isEmpty();
        assertThat(outcome.next().sessions().get(ann.sid(2)).rooms()).containsExactly(room("lobby"));
        assertThat(outcome.next().nextDeadline()).isEmpty();
    }
}
