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

import org.junit.jupiter.api.Test;

/** Sessions per user and rooms per session: refused inside the transition, so a store's compare-and-set holds them. */
class LimitsTest {
    private static final Limits TWO_SESSIONS_THREE_ROOMS = new Limits(2, 3);

    @Test
    void a_session_beyond_the_maximum_is_refused_and_changes_nothing() {
        UserFixture ann = aUser("ann").withSessions(3);
        Online two = aUser("ann").withSessions(2).online();

        assertRejected(two.open(ann.session(3), at(100), TWO_SESSIONS_THREE_ROOMS), two, Rejection.TOO_MANY_SESSIONS);
    }

    @Test
    void a_session_below_the_maximum_opens() {
        UserFixture ann = aUser("ann").withSessions(2);
        Online one = aUser("ann").withSessions(1).online();

        Outcome.Changed outcome = changed(one.open(ann.session(2), at(100), TWO_SESSIONS_THREE_ROOMS));

        assertThat(outcome.next().sessions()).hasSize(2);
    }

    @Test
    void a_session_already_open_at_the_maximum_is_not_refused() {
        UserFixture ann = aUser("ann").withSessions(2);
        Online two = ann.online();

        assertUnchanged(two.open(ann.session(2), at(100), TWO_SESSIONS_THREE_ROOMS), two);
    }

    @Test
    void a_user_whose_sessions_all_closed_has_none_open_even_inside_the_grace_period() {
        UserFixture ann = aUser("ann").withSessions(3);
        PendingOffline pending = aUser("ann").withSessions(2).pendingOfflineSince(at(100));

        Outcome.Changed outcome = changed(pending.open(ann.session(3), at(200), new Limits(1, 1)));

        assertThat(outcome.next().sessions()).containsOnlyKeys(ann.sid(3));
    }

    @Test
    void the_first_session_of_an_offline_user_opens_under_the_smallest_limit() {
        UserFixture ann = aUser("ann").withSessions(1);

        Outcome.Changed outcome = changed(Presence.unknown(ann.id()).open(ann.session(1), at(0), new Limits(1, 1)));

        assertThat(outcome.next().sessions()).hasSize(1);
    }

    @Test
    void a_session_in_the_maximum_of_rooms_is_refused_another_and_nothing_changes() {
        UserFixture ann = aUser("ann").withSessions(1).inRoom("a").inRoom("b").inRoom("c");
        Online online = ann.online();

        assertRejected(online.join(ann.sid(1), room("d"), at(100), TWO_SESSIONS_THREE_ROOMS), online,
                Rejection.TOO_MANY_ROOMS);
    }

    @Test
    void rejoining_a_room_the_session_is_in_is_not_a_new_room() {
        UserFixture ann = aUser("ann").withSessions(1).inRoom("a").inRoom("b").inRoom("c");
        Online online = ann.online();

        assertUnchanged(online.join(ann.sid(1), room("c"), at(100), TWO_SESSIONS_THREE_ROOMS), online);
    }

    @Test
    void the_rooms_of_the_users_other_sessions_do_not_count() {
        UserFixture ann = aUser("ann").withSessions(2).inRoom("a", 1).inRoom("b", 1).inRoom("c", 1).inRoom("x", 2);
        Online online = ann.online();

        Outcome.Changed outcome = changed(online.join(ann.sid(2), room("y"), at(100), TWO_SESSIONS_THREE_ROOMS));

        assertThat(outcome.next().sessions().get(ann.sid(2)).rooms()).containsExactlyInAnyOrder(room("x"), room("y"));
    }

    @Test
    void rooms_lingering_after_a_close_do_not_count_for_a_session() {
        UserFixture ann = aUser("ann").withSessions(2).inRoom("a", 1).inRoom("b", 1).inRoom("c", 1);
        Presence one = changed(ann.online().close(ann.sid(1), at(10), GRACE)).next();

        Outcome.Changed outcome = changed(one.join(ann.sid(2), room("d"), at(20), TWO_SESSIONS_THREE_ROOMS));

        assertThat(outcome.next().sessions().get(ann.sid(2)).rooms()).containsExactly(room("d"));
    }

    @Test
    void the_transitions_without_limits_let_everything_through() {
        UserFixture ann = aUser("ann").withSessions(3).inRoom("a").inRoom("b").inRoom("c").inRoom("d");

        assertThat(ann.online().sessions()).hasSize(3);
        assertThat(ann.online().sessions().get(ann.sid(1)).rooms()).hasSize(4);
    }

    @Test
    void a_limit_below_one_is_refused() {
        assertThatThrownBy(() -> new Limits(0, 1)).isInstanceOf(DomainException.class)
                .hasMessage("sessions per user must be at least 1, got 0");
        assertThatThrownBy(() -> new Limits(1, 0)).isInstanceOf(DomainException.class)
                .hasMessage("rooms per session must be at least 1, got 0");
    }

    @Test
    void the_defaults_are_32_sessions_and_100_rooms() {
        assertThat(Limits.DEFAULT).isEqualTo(new Limits(32, 100));
    }
}
