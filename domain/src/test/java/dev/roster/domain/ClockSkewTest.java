package dev.roster.domain;

import static dev.roster.domain.Fixtures.GRACE;
import static dev.roster.domain.Fixtures.aUser;
import static dev.roster.domain.Fixtures.at;
import static dev.roster.domain.Fixtures.changed;
import static dev.roster.domain.Fixtures.room;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.domain.PresenceEvent.LeftRoom;
import dev.roster.domain.PresenceEvent.SessionClosed;
import dev.roster.domain.PresenceEvent.SessionOpened;
import dev.roster.domain.PresenceEvent.UserCameOnline;
import dev.roster.domain.PresenceEvent.UserWentOffline;
import org.junit.jupiter.api.Test;

/**
 * Nodes whose clocks (or grace settings) differ, and transitions whose time was taken before another node's change
 * overtook their commit. A user's times never go back: a change is stamped no earlier than the user's last one. And
 * a room can still linger past the user's own deadline (another node's longer grace): when the user goes offline
 * every room it still lingered in must hear it, or that room keeps a ghost member forever.
 */
class ClockSkewTest {

    @Test
    void a_close_by_a_clock_behind_starts_the_grace_from_the_users_last_change() {
        UserFixture ann = aUser("ann").withSessions(2).inRoom("lobby", 1);
        Presence p = ann.online();
        // closed by a node whose clock runs ahead, then the last session by one whose clock runs behind
        p = changed(p.close(ann.sid(1), at(1_000), GRACE)).next();
        Outcome.Changed last = changed(p.close(ann.sid(2), at(500), GRACE));
        p = last.next();

        assertThat(last.events()).as("stamped no earlier than the close before it")
                .containsExactly(new SessionClosed(ann.session(2), 0, at(1_000)));
        assertThat(p.lingering()).containsEntry(room("lobby"), at(4_000));
        assertThat(p.nextDeadline()).contains(at(4_000));
        assertThat(p.expire(at(3_500))).isInstanceOf(Outcome.Unchanged.class);

        Outcome.Changed outcome = changed(p.expire(at(4_000)));

        assertThat(outcome.next()).isInstanceOf(Offline.class);
        assertThat(outcome.events()).containsExactly(
                new LeftRoom(ann.id(), room("lobby"), null, at(4_000)),
                new UserWentOffline(ann.id(), at(4_000)));
    }

    @Test
    void a_session_opened_by_a_clock_behind_the_expiry_it_follows_is_stamped_after_it() {
        UserFixture ann = aUser("ann").withSessions(1);
        Presence gone = changed(ann.pendingOfflineSince(at(0)).expire(at(3_200))).next();

        // the open's time was taken at 2.5 s (inside the grace period), but it reached the store after the expiry
        Outcome.Changed back = changed(gone.open(ann.session(2), at(2_500)));

        assertThat(back.events()).containsExactly(
                new UserCameOnline(ann.id(), Status.ONLINE, at(3_200)),
                new SessionOpened(ann.session(2), 1, at(3_200)));
        assertThat(back.next().since()).contains(at(3_200));
        assertThat(back.next().version()).isGreaterThan(gone.version());
    }

    @Test
    void a_longer_grace_on_another_node_does_not_hide_the_leave_either() {
        UserFixture ann = aUser("ann").withSessions(2).inRoom("lobby", 1);
        Presence p = ann.online();
        p = changed(p.close(ann.sid(1), at(0), GracePeriod.ofMillis(10_000))).next();
        p = changed(p.close(ann.sid(2), at(0), GRACE)).next();

        Outcome.Changed outcome = changed(p.expire(at(3_000)));

        assertThat(outcome.events()).filteredOn(LeftRoom.class::isInstance)
                .containsExactly(new LeftRoom(ann.id(), room("lobby"), null, at(3_000)));
    }
}
