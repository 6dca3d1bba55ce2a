package dev.roster.application.service;

import static dev.roster.application.fixtures.FixedClock.at;
import static dev.roster.application.fixtures.Sessions.room;
import static dev.roster.application.fixtures.Sessions.user;
import static dev.roster.application.fixtures.Stages.failure;
import static dev.roster.application.fixtures.Stages.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.roster.application.fixtures.FixedClock;
import dev.roster.application.fixtures.Sessions;
import dev.roster.application.port.in.JoinRoomUseCase.JoinCommand;
import dev.roster.application.port.in.Member;
import dev.roster.application.port.in.PresenceRejectedException;
import dev.roster.application.port.in.RoomListing;
import dev.roster.application.port.out.RoomAuthorizer;
import dev.roster.application.port.out.RoomEvent.PresenceNotice;
import dev.roster.domain.Limits;
import dev.roster.domain.PresenceState;
import dev.roster.domain.Rejection;
import dev.roster.domain.RoomGrants;
import dev.roster.domain.Session;
import dev.roster.domain.Status;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class JoinRoomServiceTest {
    private final TestNode node = new TestNode();
    private static final RoomAccess OPEN = new RoomAccess(RoomAuthorizer.NONE, true);
    private final JoinRoomService join = new JoinRoomService(node.registry, node.clock, node.roster,
            node.subscriptions, node.announcer, new RoomMembers(node.directory, 0), OPEN, Limits.DEFAULT);

    /** A join service that lists a room of 3 members or more as a large one. */
    private JoinRoomService largeFromThree() {
        return new JoinRoomService(node.registry, node.clock, node.roster, node.subscriptions, node.announcer,
                new RoomMembers(node.directory, 3), OPEN, Limits.DEFAULT);
    }

    /** Ann connected here, bob, cy and dee in "hall" on other nodes; a sample of the hall lists bob. */
    private Session annAndThreeOthersInALargeHall() {
        Session ann = node.connected("ann", "s1");
        for (String other : List.of("bob", "cy", "dee")) {
            node.joinedElsewhere(node.elsewhere(other, other + "-1"), "hall");
        }
        node.roomIndex("hall", "ann", "bob", "cy", "dee");
        when(node.directory.roomSample(room("hall"), RoomListing.LARGE_ROOM_LISTED - 1))
                .thenReturn(CompletableFuture.completedFuture(Set.of(user("bob"))));
        return ann;
    }

    @Test
    void the_first_local_join_subscribes_the_room_then_tells_it_who_came_and_returns_its_members() {
        Session ann = node.connected("ann", "s1");
        Session bob = node.elsewhere("bob", "b1");
        node.joinedElsewhere(bob, "lobby");
        node.roomIndex("lobby", "ann", "bob");
        node.clock.advanceMillis(10);

        List<Member> members = value(join.join(new JoinCommand(ann, room("lobby"), RoomGrants.ALL))).members();

        assertThat(node.notices()).containsExactly(new PresenceNotice(room("lobby"), user("ann"),
                PresenceState.ONLINE, null, 1, false, at(10), node.presence("ann").version(), ann.id()));
        assertThat(members).containsExactly(
                new Member(user("ann"), PresenceState.ONLINE, FixedClock.T0, 1, null),
                new Member(user("bob"), PresenceState.ONLINE, FixedClock.T0, 1, null));
        var order = inOrder(node.presenceBus, node.messageBus);
        order.verify(node.presenceBus).subscribe(room("lobby"));
        order.verify(node.messageBus).subscribe(room("lobby"));
        order.verify(node.presenceBus).publish(any());
        assertThat(node.roster.isMember(ann.id(), room("lobby"))).isTrue();
    }

    @Test
    void a_joiner_of_a_large_room_gets_some_members_itself_among_them_and_the_room_s_count() {
        Session ann = annAndThreeOthersInALargeHall();
        when(node.directory.roomSize(room("hall"))).thenReturn(CompletableFuture.completedFuture(4L));

        RoomListing listing = value(largeFromThree().join(new JoinCommand(ann, room("hall"), RoomGrants.ALL)));

        assertThat(listing.members()).extracting(Member::user).containsExactly(user("ann"), user("bob"));
        assertThat(listing.count()).isEqualTo(4);
        assertThat(listing.partial()).isTrue();
        assertThat(listing.large()).isTrue();
        verify(node.directory, never()).roomMembers(room("hall"));
    }

    @Test
    void the_room_s_size_the_store_counted_as_it_committed_the_join_is_not_asked_again() {
        Session ann = annAndThreeOthersInALargeHall();
        node.registry.countRooms(Map.of(room("hall"), 4L));

        RoomListing listing = value(largeFromThree().join(new JoinCommand(ann, room("hall"), RoomGrants.ALL)));

        assertThat(listing.count()).isEqualTo(4);
        assertThat(listing.large()).isTrue();
        assertThat(listing.members()).extracting(Member::user).containsExactly(user("ann"), user("bob"));
        verify(node.directory, never()).roomSize(any());
    }

    @Test
    void a_room_under_the_large_size_lists_every_member() {
        JoinRoomService large = largeFromThree();
        Session ann = node.connected("ann", "s1");
        node.joinedElsewhere(node.elsewhere("bob", "b1"), "hall");
        node.roomIndex("hall", "ann", "bob");
        when(node.directory.roomSize(room("hall"))).thenReturn(CompletableFuture.completedFuture(2L));

        RoomListing listing = value(large.join(new JoinCommand(ann, room("hall"), RoomGrants.ALL)));

        assertThat(listing.members()).extracting(Member::user).containsExactly(user("ann"), user("bob"));
        assertThat(listing.partial()).isFalse();
        assertThat(listing.large()).isFalse();
    }

    @Test
    void another_local_user_joining_a_room_this_node_hears_already_does_not_subscribe_again() {
        Session ann = node.connected("ann", "s1");
        Session bob = node.connected("bob", "s2");
        node.joined(bob, "lobby");
        node.roomIndex("lobby", "ann", "bob");

        value(join.join(new JoinCommand(ann, room("lobby"), RoomGrants.ALL)));

        verify(node.presenceBus, never()).subscribe(any());
        verify(node.messageBus, never()).subscribe(any());
        assertThat(node.notices()).singleElement().satisfies(n -> assertThat(n.user()).isEqualTo(user("ann")));
    }

    @Test
    void members_are_confirmed_against_presence_so_a_stale_index_entry_is_left_out() {
        Session ann = node.connected("ann", "s1");
        node.connected("ghost", "s9");
        node.roomIndex("lobby", "ann", "ghost", "never-seen");

        List<Member> members = value(join.join(new JoinCommand(ann, room("lobby"), RoomGrants.ALL))).members();

        assertThat(members).extracting(Member::user).containsExactly(user("ann"));
    }

    @Test
    void members_show_their_status_and_its_text_and_count_their_sessions() {
        Session ann = node.connected("ann", "s1");
        node.connected("ann", "s2");
        node.registry.apply(user("ann"), p -> p.setStatus(ann.id(), Status.BUSY, "call", at(5)));
        node.roomIndex("lobby", "ann");

        List<Member> members = value(join.join(new JoinCommand(ann, room("lobby"), RoomGrants.ALL))).members();

        assertThat(members).containsExactly(new Member(user("ann"), PresenceState.BUSY, at(5), 2, "call"));
        assertThat(node.notices()).singleElement()
                .satisfies(n -> assertThat(n.state()).isEqualTo(PresenceState.BUSY));
    }

    @Test
    void a_second_session_of_a_member_joins_silently_and_the_room_is_subscribed_once() {
        Session first = node.connected("ann", "s1");
        Session second = node.connected("ann", "s2");
        node.joined(first, "lobby");
        node.roomIndex("lobby", "ann");

        value(join.join(new JoinCommand(second, room("lobby"), RoomGrants.ALL)));

        assertThat(node.notices()).isEmpty();
        verify(node.presenceBus, never()).subscribe(any());
        assertThat(node.roster.sessionsIn(room("lobby"))).containsExactlyInAnyOrder(first.id(), second.id());
    }

    @Test
    void a_session_the_store_does_not_know_is_refused_and_nothing_is_heard_or_said() {
        Session unknown = Sessions.session("ann", "s1");
        node.roster.add(unknown);

        Throwable failed = failure(join.join(new JoinCommand(unknown, room("lobby"), RoomGrants.ALL)));

        assertThat(failed).isInstanceOfSatisfying(PresenceRejectedException.class,
                e -> assertThat(e.rejection()).isEqualTo(Rejection.NO_SESSION));
        assertThat(node.roster.isMember(unknown.id(), room("lobby"))).isFalse();
        // the room was subscribed while the join committed; the refusal gave the subscription back
        var order = inOrder(node.presenceBus, node.messageBus);
        order.verify(node.presenceBus).subscribe(room("lobby"));
        order.verify(node.presenceBus).unsubscribe(room("lobby"));
        verify(node.messageBus).unsubscribe(room("lobby"));
        assertThat(node.roster.hears(room("lobby"))).isFalse();
        assertThat(node.notices()).isEmpty();
    }

    @Test
    void the_room_is_subscribed_before_the_join_commits_and_only_once() {
        Session ann = node.connected("ann", "s1");
        node.roomIndex("lobby", "ann");
        var committing = new java.util.concurrent.atomic.AtomicBoolean();
        JoinRoomService watched = new JoinRoomService((user, transition) -> {
            // what the buses were asked by the time the store is
            verify(node.presenceBus).subscribe(room("lobby"));
            committing.set(true);
            return node.registry.apply(user, transition);
        }, node.clock, node.roster, node.subscriptions, node.announcer, new RoomMembers(node.directory, 0), OPEN,
                Limits.DEFAULT);

        value(watched.join(new JoinCommand(ann, room("lobby"), RoomGrants.ALL)));

        assertThat(committing).isTrue();
        verify(node.presenceBus).subscribe(room("lobby"));
        verify(node.messageBus).subscribe(room("lobby"));
        verify(node.presenceBus, never()).unsubscribe(any());
        assertThat(node.roster.hears(room("lobby"))).isTrue();
    }
}
