package dev.roster.domain;

import static dev.roster.domain.Fixtures.GRACE;
import static dev.roster.domain.Fixtures.aUser;
import static dev.roster.domain.Fixtures.at;
import static dev.roster.domain.Fixtures.changed;
import static dev.roster.domain.Fixtures.room;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.domain.PresenceEvent.LeftRoom;
import dev.roster.domain.PresenceEvent.UserWentOffline;
import org.junit.jupiter.api.Test;

/**
 * Nodes whose clocks (or grace settings) differ can leave a room lingering past the user's own deadline. When the
 * user goes offline every room it still lingered in must hear it, or that room keeps a ghost member forever.
 */
class ClockSkewTest {

    @Test
    void going_offline_leaves_every_lingering_room_even_one_whose_deadline_is_later() {
        UserFixture ann = aUser("ann").withSessions(2).inRoom("lobby", 1);
        Presence p = ann.online();
        // closed by a node whose clock runs ahead, then the last session by one whose clock runs behind
        p = changed(p.close(ann.sid(1), at(1_000), GRACE)).next();
        p = changed(p.close(ann.sid(2), at(500), GRACE)).next();
        assertThat(p.lingering()).containsEntry(room("lobby"), at(4_000));
        assertThat(p.nextDeadline()).contains(at(3_500));

        Outcome.Changed outcome = changed(p.expire(at(3_500)));

        assertThat(outcome.next()).isInstanceOf(Offline.class);
        assertThat(outcome.events()).containsExactly(
                new LeftRoom(ann.id(), room("lobby"), null, at(3_500)),
                new UserWentOffline(ann.id(), at(3_500)));
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
