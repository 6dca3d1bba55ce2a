package dev.roster.application.service;

import static dev.roster.application.fixtures.FixedClock.at;
import static dev.roster.application.fixtures.Sessions.room;
import static dev.roster.application.fixtures.Sessions.user;
import static dev.roster.application.fixtures.Stages.failure;
import static dev.roster.application.fixtures.Stages.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import dev.roster.application.port.in.PresenceRejectedException;
import dev.roster.application.port.in.RoomCommand;
import dev.roster.application.port.out.RoomEvent.PresenceNotice;
import dev.roster.domain.PresenceState;
import dev.roster.domain.Rejection;
import dev.roster.domain.Session;
import org.junit.jupiter.api.Test;

class LeaveRoomServiceTest {
    private final TestNode node = new TestNode();
    private final LeaveRoomService leave = new LeaveRoomService(node.registry, node.clock, node.roster,
            node.subscriptions, node.announcer);

    @Test
    void the_last_session_in_the_room_leaving_is_announced_at_once_and_the_node_stops_hearing_it() {
        Session ann = node.connected("ann", "s1");
        node.joined(ann, "lobby");
        node.clock.advanceMillis(20);

        value(leave.leave(new RoomCommand(ann, room("lobby"))));

        assertThat(node.notices()).containsExactly(new PresenceNotice(room("lobby"), user("ann"),
                PresenceState.OFFLINE, null, 1, false, at(20), node.presence("ann").version(), ann.id()));
        assertThat(node.presence("ann").inRoom(room("lobby"))).isFalse();
        assertThat(node.roster.isMember(ann.id(), room("lobby"))).isFalse();
        verify(node.presenceBus).unsubscribe(room("lobby"));
        verify(node.messageBus).unsubscribe(room("lobby"));
        assertThat(node.scheduler.pending()).as("an explicit leave has no grace").isEmpty();
    }

    @Test
    void a_leave_while_another_session_of_the_user_stays_is_silent() {
        Session first = node.connected("ann", "s1");
        Session second = node.connected("ann", "s2");
        node.joined(first, "lobby");
        node.joined(second, "lobby");

        value(leave.leave(new RoomCommand(first, room("lobby"))));

        assertThat(node.notices()).isEmpty();
        assertThat(node.presence("ann").inRoom(room("lobby"))).isTrue();
        assertThat(node.roster.sessionsIn(room("lobby"))).containsExactly(second.id());
        verify(node.presenceBus, never()).unsubscribe(any());
    }

    @Test
    void the_room_stays_heard_while_another_local_user_is_in_it() {
        Session ann = node.connected("ann", "s1");
        Session bob = node.connected("bob", "s2");
        node.joined(ann, "lobby");
        node.joined(bob, "lobby");

        value(leave.leave(new RoomCommand(ann, room("lobby"))));

        assertThat(node.notices()).singleElement()
                .satisfies(n -> assertThat(n.state()).isEqualTo(PresenceState.OFFLINE));
        verify(node.presenceBus, never()).unsubscribe(any());
    }

    @Test
    void leaving_a_room_not_joined_is_refused_and_changes_nothing() {
        Session ann = node.connected("ann", "s1");
        node.joined(ann, "lobby");
        long version = node.presence("ann").version();

        Throwable failed = failure(leave.leave(new RoomCommand(ann, room("elsewhere"))));

        assertThat(failed).isInstanceOfSatisfying(PresenceRejectedException.class,
                e -> assertThat(e.rejection()).isEqualTo(Rejection.NOT_MEMBER));
        assertThat(node.presence("ann").version()).isEqualTo(version);
        assertThat(node.roster.isMember(ann.id(), room("lobby"))).isTrue();
        assertThat(node.notices()).isEmpty();
        verify(node.presenceBus, never()).unsubscribe(any());
    }
}
