package dev.roster.application.service;

import static dev.roster.application.fixtures.Sessions.room;
import static dev.roster.application.fixtures.Sessions.session;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.domain.RoomId;
import dev.roster.domain.Session;
import dev.roster.domain.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What this node holds decides which rooms it hears: the first local session in subscribes, the last out leaves. */
class LocalRosterTest {
    private final LocalRoster roster = new LocalRoster();
    private final List<RoomId> firstIn = new ArrayList<>();
    private final List<RoomId> lastOut = new ArrayList<>();
    private final Session ann = session("ann", "s1");
    private final Session bob = session("bob", "s2");

    LocalRosterTest() {
        roster.add(ann);
        roster.add(bob);
    }

    @Test
    void a_room_is_first_entered_once_and_last_left_once() {
        roster.join(ann.id(), room("lobby"), firstIn::add);
        roster.join(bob.id(), room("lobby"), firstIn::add);
        roster.join(ann.id(), room("lobby"), firstIn::add);
        roster.leave(ann.id(), room("lobby"), lastOut::add);
        assertThat(lastOut).isEmpty();
        roster.leave(bob.id(), room("lobby"), lastOut::add);

        assertThat(firstIn).containsExactly(room("lobby"));
        assertThat(lastOut).containsExactly(room("lobby"));
        assertThat(roster.sessionsIn(room("lobby"))).isEmpty();
    }

    @Test
    void removing_a_session_leaves_each_of_its_rooms() {
        roster.join(ann.id(), room("a"), firstIn::add);
        roster.join(ann.id(), room("b"), firstIn::add);
        roster.join(bob.id(), room("b"), firstIn::add);

        roster.remove(ann.id(), lastOut::add);

        assertThat(lastOut).containsExactly(room("a"));
        assertThat(roster.sessionsIn(room("b"))).containsExactly(bob.id());
        assertThat(roster.get(ann.id())).isEmpty();
        assertThat(roster.size()).isEqualTo(1);
    }

    @Test
    void a_session_this_node_does_not_hold_joins_nothing_and_leaving_a_room_twice_is_harmless() {
        roster.join(session("cy", "s9").id(), room("lobby"), firstIn::add);
        roster.leave(ann.id(), room("lobby"), lastOut::add);

        assertThat(firstIn).isEmpty();
        assertThat(lastOut).isEmpty();
        assertThat(roster.isMember(session("cy", "s9").id(), room("lobby"))).isFalse();
    }

    @Test
    void the_last_status_chosen_is_remembered_per_session() {
        roster.remember(ann.id(), Status.AWAY, "lunch");
        roster.remember(ann.id(), Status.BUSY, null);
        roster.remember(session("cy", "s9").id(), Status.AWAY, null);

        assertThat(roster.get(ann.id()).orElseThrow().choice().get())
                .isEqualTo(new LocalRoster.Choice(Status.BUSY, null));
        assertThat(roster.get(bob.id()).orElseThrow().choice().get()).isNull();
    }

    @Test
    void adding_a_session_twice_keeps_its_rooms() {
        roster.join(ann.id(), room("lobby"), firstIn::add);

        roster.add(ann);

        assertThat(roster.isMember(ann.id(), room("lobby"))).isTrue();
        assertThat(roster.all()).hasSize(2);
    }
}
