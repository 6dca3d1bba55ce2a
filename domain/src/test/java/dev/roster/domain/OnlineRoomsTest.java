package dev.roster.domain;

import static dev.roster.domain.Fixtures.GRACE;
import static dev.roster.domain.Fixtures.aUser;
import static dev.roster.domain.Fixtures.assertRejected;
import static dev.roster.domain.Fixtures.assertUnchanged;
import static dev.roster.domain.Fixtures.at;
import static dev.roster.domain.Fixtures.changed;
import static dev.roster.domain.Fixtures.room;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.domain.PresenceEvent.JoinedRoom;
import dev.roster.domain.PresenceEvent.LeftRoom;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Room membership belongs to sessions: joins, explicit leaves and rooms lingering after a session closed. */
class OnlineRoomsTest {
    private final RoomId lobby = room("lobby");

    @Test
    void the_first_join_announces_the_user_in_its_current_state() {
        UserFixture ann = aUser("ann").withSessions(1).withStatus(Status.AWAY, null);
        Online online = ann.online();

        Outcome.Changed outcome = changed(online.join(ann.sid(1), lobby, at(100)));

        assertThat(outcome.events()).containsExactly(
                new JoinedRoom(ann.id(), lobby, PresenceState.AWAY, ann.sid(1), at(100)));
        assertThat(outcome.next().sessions().get(ann.sid(1)).rooms()).containsExactly(lobby);
        assertThat(outcome.next().inRoom(lobby)).isTrue();
        assertThat(outcome.next().version()).isGreaterThan(online.version());
    }

    @Test
    void a_second_session_joining_a_room_the_user_is_in_announces_nothing() {
        UserFixture ann = aUser("ann").withSessions(2).inRoom("lobby", 1);
        Online online = ann.online();

        Outcome.Changed outcome = changed(online.join(ann.sid(2), lobby, at(100)));

        assertThat(outcome.events()).isEmpty();
        assertThat(outcome.next().sessions().get(ann.sid(2)).rooms()).containsExactly(lobby);
    }

    @Test
    void joining_again_from_the_same_session_changes_nothing() {
        UserFixture ann = aUser("ann").withSessions(1).inRoom("lobby");
        Online online = ann.online();

        assertUnchanged(online.join(ann.sid(1), lobby, at(100)), online);
    }

    @Test
    void acting_through_a_session_that_is_not_open_is_refused() {
        UserFixture ann = aUser("ann").withSessions(1).inRoom("lobby");
        Online online = ann.online();

        assertRejected(online.join(ann.sid(2), lobby, at(100)), online, Rejection.NO_SESSION);
        assertRejected(online.leave(ann.sid(2), lobby, at(100)), online, Rejection.NO_SESSION);
    }

    @Test
    void an_explicit_leave_by_the_last_session_in_the_room_is_announced_at_once() {
        UserFixture ann = aUser("ann").withSessions(2).inRoom("lobby", 1);
        Online online = ann.online();

        Outcome.Changed outcome = changed(online.leave(ann.sid(1), lobby, at(100)));

        assertThat(outcome.events()).containsExactly(new LeftRoom(ann.id(), lobby, ann.sid(1), at(100)));
        assertThat(outcome.next().inRoom(lobby)).isFalse();
        assertThat(outcome.next().lingering()).isEmpty();
        assertThat(outcome.next().nextDeadline()).isEmpty();
    }

    @Test
    void a_leave_while_another_session_stays_in_the_room_announces_nothing() {
        UserFixture ann = aUser("ann").withSessions(2).inRoom("lobby", 1, 2);
        Online online = ann.online();

        Outcome.Changed outcome = changed(online.leave(ann.sid(1), lobby, at(100)));

        assertThat(outcome.events()).isEmpty();
        assertThat(outcome.next().sessions().get(ann.sid(1)).rooms()).isEmpty();
        assertThat(outcome.next().inRoom(lobby)).isTrue();
    }

    @Test
    void leaving_a_room_the_session_has_not_joined_is_refused_even_if_another_session_has() {
        UserFixture ann = aUser("ann").withSessions(2).inRoom("lobby", 2);
        Online online = ann.online();

        assertRejected(online.leave(ann.sid(1), lobby, at(100)), online, Rejection.NOT_MEMBER);
        assertRejected(online.leave(ann.sid(1), room("elsewhere"), at(100)), online, Rejection.NOT_MEMBER);
    }

    @Test
    void a_room_whose_last_session_closed_lingers_while_another_session_stays_open() {
        UserFixture ann = aUser("ann").withSessions(2).inRoom("lobby", 1).inRoom("dev", 1, 2);
        Online online = ann.online();

        Online next = (Online) changed(online.close(ann.sid(1), at(100), GRACE)).next();

        assertThat(next.lingering()).isEqualTo(Map.of(lobby, at(3_100)));
        assertThat(next.inRoom(lobby)).isTrue();
        assertThat(next.rooms()).containsExactly(room("dev"), lobby);
        assertThat(next.nextDeadline()).contains(at(3_100));
    }

    @Test
    void a_lingering_room_hears_the_user_leave_at_its_deadline_and_not_before() {
        UserFixture ann = aUser("ann").withSessions(2).inRoom("lobby", 1);
        Online lingering = (Online) changed(ann.online().close(ann.sid(1), at(100), GRACE)).next();

        assertUnchanged(lingering.expire(at(3_099)), lingering);
        Outcome.Changed outcome = changed(lingering.expire(at(3_100)));

        assertThat(outcome.events()).containsExactly(new LeftRoom(ann.id(), lobby, null, at(3_100)));
        assertThat(outcome.next()).isInstanceOf(Online.class);
        assertThat(outcome.next().inRoom(lobby)).isFalse();
        assertThat(outcome.next().sessions()).containsOnlyKeys(ann.sid(2));
        assertThat(outcome.next().nextDeadline()).isEmpty();
        assertThat(outcome.next().version()).isGreaterThan(lingering.version());
    }

    @Test
    void expiring_with_nothing_lingering_changes_nothing() {
        Online online = aUser("ann").withSessions(1).inRoom("lobby").online();

        assertUnchanged(online.expire(at(1_000_000)), online);
    }

    @Test
    void rejoining_a_lingering_room_inside_grace_announces_nothing_and_ends_its_grace() {
        UserFixture ann = aUser("ann").withSessions(2).inRoom("lobby", 1);
        Online lingering = (Online) changed(ann.online().close(ann.sid(1), at(100), GRACE)).next();

        Outcome.Changed outcome = changed(lingering.join(ann.sid(2), lobby, at(2_000)));

        assertThat(outcome.events()).isEmpty();
        assertThat(outcome.next().lingering()).isEmpty();
        assertThat(outcome.next().nextDeadline()).isEmpty();
        assertThat(outcome.next().sessions().get(ann.sid(2)).rooms()).containsExactly(lobby);
        assertUnchanged(outcome.next().expire(at(3_100)), outcome.next());
    }

    @Test
    void leaving_a_lingering_room_is_refused_because_no_session_is_in_it() {
        UserFixture ann = aUser("ann").withSessions(2).inRoom("lobby", 1);
        Online lingering = (Online) changed(ann.online().close(ann.sid(1), at(100), GRACE)).next();

        assertRejected(lingering.leave(ann.sid(2), lobby, at(200)), lingering, Rejection.NOT_MEMBER);
    }

    @Test
    void lingering_rooms_run_out_one_by_one_in_the_order_of_their_deadlines() {
        UserFixture ann = aUser("ann").withSessions(3).inRoom("a", 1).inRoom("b", 2);
        Presence p = ann.online();
        p = changed(p.close(ann.sid(1), at(100), GRACE)).next();
        p = changed(p.close(ann.sid(2), at(200), GRACE)).next();

        assertThat(p.nextDeadline()).contains(at(3_100));
        Outcome.Changed first = changed(p.expire(at(3_150)));
        assertThat(first.events()).containsExactly(new LeftRoom(ann.id(), room("a"), null, at(3_150)));
        assertThat(first.next().nextDeadline()).contains(at(3_200));
        Outcome.Changed second = changed(first.next().expire(at(3_200)));
        assertThat(second.events()).containsExactly(new LeftRoom(ann.id(), room("b"), null, at(3_200)));
    }
}
