package dev.roster.application.service;

import static dev.roster.application.fixtures.FixedClock.T0;
import static dev.roster.application.fixtures.Sessions.room;
import static dev.roster.application.fixtures.Sessions.user;
import static dev.roster.application.fixtures.Stages.failure;
import static dev.roster.application.fixtures.Stages.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.roster.application.port.in.Member;
import dev.roster.application.port.in.PresenceRejectedException;
import dev.roster.application.port.in.RoomCommand;
import dev.roster.domain.PresenceState;
import dev.roster.domain.Rejection;
import dev.roster.domain.Session;
import org.junit.jupiter.api.Test;

class WhoServiceTest {
    private final TestNode node = new TestNode();
    private final WhoService who = new WhoService(node.roster, new RoomMembers(node.directory, 0));

    @Test
    void a_member_sees_the_room_confirmed_against_presence_in_user_order() {
        Session ann = node.connected("ann", "s1");
        Session zed = node.elsewhere("zed", "z1");
        node.elsewhere("zed", "z2");
        node.joined(ann, "lobby");
        node.joinedElsewhere(zed, "lobby");
        node.connected("gone", "g1");
        node.roomIndex("lobby", "zed", "gone", "ann");

        var members = value(who.who(new RoomCommand(ann, room("lobby"))));

        assertThat(members).containsExactly(
                new Member(user("ann"), PresenceState.ONLINE, T0, 1, null),
                new Member(user("zed"), PresenceState.ONLINE, T0, 2, null));
    }

    @Test
    void a_session_that_has_not_joined_is_refused_without_asking_the_store() {
        Session ann = node.connected("ann", "s1");

        Throwable failed = failure(who.who(new RoomCommand(ann, room("lobby"))));

        assertThat(failed).isInstanceOfSatisfying(PresenceRejectedException.class,
                e -> assertThat(e.rejection()).isEqualTo(Rejection.NOT_MEMBER));
        verifyNoInteractions(node.directory);
    }
}
