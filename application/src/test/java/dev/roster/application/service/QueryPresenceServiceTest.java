package dev.roster.application.service;

import static dev.roster.application.fixtures.FixedClock.T0;
import static dev.roster.application.fixtures.FixedClock.at;
import static dev.roster.application.fixtures.Sessions.room;
import static dev.roster.application.fixtures.Sessions.user;
import static dev.roster.application.fixtures.Stages.done;
import static dev.roster.application.fixtures.Stages.failure;
import static dev.roster.application.fixtures.Stages.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.roster.application.port.in.MemberPage;
import dev.roster.application.port.in.QueryPresenceUseCase.BadCursorException;
import dev.roster.application.port.in.QueryPresenceUseCase;
import dev.roster.application.port.in.QueryPresenceUseCase.NodeView;
import dev.roster.application.port.in.QueryPresenceUseCase.OnlinePage;
import dev.roster.application.port.in.QueryPresenceUseCase.UserPage;
import dev.roster.application.port.in.QueryPresenceUseCase.UserView;
import dev.roster.application.port.out.NodeLeases;
import dev.roster.application.port.out.NodeLeases.NodeLease;
import dev.roster.application.port.out.PresenceDirectory;
import dev.roster.domain.NodeBoot;
import dev.roster.domain.NodeId;
import dev.roster.domain.PresenceState;
import dev.roster.domain.Session;
import dev.roster.domain.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class QueryPresenceServiceTest {
    private final TestNode node = new TestNode();
    private final NodeLeases leases = mock(NodeLeases.class);
    private final QueryPresenceService query = new QueryPresenceService(node.directory, leases, node.clock,
            new RoomMembers(node.directory, 0), TestNode.IDENTITY, node.roster);

    @Test
    void a_user_with_open_sessions_was_last_seen_now() {
        Session second = node.elsewhere("ann", "s9");
        node.clock.advanceMillis(100);
        Session first = node.connected("ann", "s1");
        node.joined(first, "lobby");
        node.registry.apply(user("ann"), p -> p.setStatus(first.id(), Status.BUSY, "call", at(150)));
        node.roomIndex("lobby");
        node.clock.advanceMillis(60_000);

        UserView view = value(query.user(user("ann")));

        // sessions in the order they connected
        assertThat(view).isEqualTo(new UserView(user("ann"), PresenceState.BUSY, Status.BUSY, "call", at(150),
                at(60_100), Set.of(room("lobby")), List.of(second, first)));
    }

    @Test
    void sessions_are_listed_in_the_order_they_connected() {
        List<Session> inOrder = new ArrayList<>();
        for (String id : List.of("e", "c", "a", "d", "b")) {
            inOrder.add(node.elsewhere("ann", id));
            node.clock.advanceMillis(10);
        }
        node.roomIndex("lobby");

        assertThat(value(query.user(user("ann"))).sessions()).containsExactlyElementsOf(inOrder);
    }

    @Test
    void a_user_inside_grace_shows_when_its_last_session_closed() {
        Session only = node.connected("ann", "s1");
        node.registry.apply(user("ann"), p -> p.close(only.id(), at(500), TestNode.GRACE));
        node.roomIndex("lobby");
        node.clock.advanceMillis(1_000);

        UserView view = value(query.user(user("ann")));

        assertThat(view.state()).isEqualTo(PresenceState.ONLINE);
        assertThat(view.lastSeen()).isEqualTo(at(500));
        assertThat(view.sessions()).isEmpty();
    }

    @Test
    void an_unknown_user_is_offline_with_no_status_and_never_seen() {
        node.roomIndex("lobby");

        UserView view = value(query.user(user("nobody")));

        assertThat(view).isEqualTo(new UserView(user("nobody"), PresenceState.OFFLINE, null, null, null, null,
                Set.of(), List.of()));
    }

    @Test
    void online_pages_are_bounded_to_one_to_a_thousand_and_the_cursor_wraps_the_directory_position() {
        when(node.directory.online(any(Integer.class), any())).thenReturn(
                done(new PresenceDirectory.OnlinePage(List.of(user("ann")), user("ann"))));

        OnlinePage page = value(query.online(5_000, null));
        value(query.online(0, page.next()));
        value(query.online(20, page.next()));

        assertThat(page.users()).containsExactly(user("ann"));
        assertThat(page.next()).isNotNull().isNotEqualTo("ann");
        verify(node.directory).online(1_000, null);
        verify(node.directory).online(1, user("ann"));
        verify(node.directory).online(20, user("ann"));
    }

    @Test
    void the_last_page_has_no_cursor() {
        node.roomIndex("lobby");
        when(node.directory.online(any(Integer.class), any())).thenReturn(
                done(new PresenceDirectory.OnlinePage(List.of(user("ann")), null)));
        when(node.directory.online(any(String.class), any(Integer.class), any())).thenReturn(
                done(new PresenceDirectory.OnlinePage(List.of(), null)));

        assertThat(value(query.online(10, null)).next()).isNull();
        assertThat(value(query.search("a", 10, null)).next()).isNull();
    }

    @Test
    void a_search_pages_with_the_same_cursors_as_the_online_list() {
        node.connected("ann", "s1");
        node.roomIndex("lobby");
        when(node.directory.online(any(String.class), any(Integer.class), any())).thenReturn(
                done(new PresenceDirectory.OnlinePage(List.of(user("ann")), user("ann"))));
        when(node.directory.online(any(Integer.class), any())).thenReturn(
                done(new PresenceDirectory.OnlinePage(List.of(), null)));

        UserPage page = value(query.search("a", 1, null));
        value(query.search("a", 1, page.next()));
        value(query.online(1, page.next()));

        assertThat(page.users()).extracting(UserView::user).containsExactly(user("ann"));
        verify(node.directory).online("a", 1, null);
        verify(node.directory).online("a", 1, user("ann"));
        verify(node.directory).online(1, user("ann"));
    }

    @Test
    void a_cursor_this_service_did_not_hand_out_fails_the_answer_and_reaches_no_store() {
        String real = value(queryWithOnePage().online(1, null)).next();
        String tampered = (real.charAt(0) == 'A' ? "B" : "A") + real.substring(1);

        for (String bad : List.of("not-a-cursor", "", "%%%", "user-1", "0~user-1", tampered, "x".repeat(10_000))) {
            assertThat(failure(query.online(10, bad))).as(bad.length() > 40 ? "long" : bad)
                    .isInstanceOf(BadCursorException.class);
            assertThat(failure(query.search("u", 10, bad))).as(bad.length() > 40 ? "long" : bad)
                    .isInstanceOf(BadCursorException.class).hasMessageStartingWith("not a cursor");
        }
        verify(node.directory, never()).online(any(Integer.class), any());
        verify(node.directory, never()).online(any(String.class), any(Integer.class), any());
    }

    /** A service on a directory of its own, whose only page ends at ann. */
    private QueryPresenceService queryWithOnePage() {
        TestNode other = new TestNode();
        when(other.directory.online(any(Integer.class), any())).thenReturn(
                done(new PresenceDirectory.OnlinePage(List.of(user("ann")), user("ann"))));
        return new QueryPresenceService(other.directory, leases, other.clock, new RoomMembers(other.directory, 0),
                TestNode.IDENTITY, other.roster);
    }

    @Test
    void the_count_comes_from_the_directory() {
        when(node.directory.onlineCount()).thenReturn(done(42L));

        assertThat(value(query.onlineCount())).isEqualTo(42L);
    }

    @Test
    void room_members_are_confirmed_against_presence() {
        Session ann = node.connected("ann", "s1");
        node.joined(ann, "lobby");
        node.connected("bob", "s2");
        node.roomIndex("lobby", "ann", "bob");

        assertThat(value(query.room(room("lobby")))).extracting(m -> m.user()).containsExactly(user("ann"));
    }

    @Test
    void room_members_come_in_pages_whose_cursor_works_on_another_node() {
        Session ann = node.connected("ann", "s1");
        node.joined(ann, "lobby");
        for (String other : List.of("bob", "cat", "dan")) {
            node.joinedElsewhere(node.elsewhere(other, "s-" + other), "lobby");
        }
        node.roomIndex("lobby", "dan", "cat", "bob", "ann");

        MemberPage first = value(query.room(room("lobby"), 3, null));
        QueryPresenceService other = new QueryPresenceService(node.directory, leases, node.clock,
                new RoomMembers(node.directory, 0), TestNode.IDENTITY, new LocalRoster());
        MemberPage second = value(other.room(room("lobby"), 3, first.next()));

        assertThat(first.members()).extracting(m -> m.user().value()).containsExactly("ann", "bob", "cat");
        assertThat(second.members()).extracting(m -> m.user().value()).containsExactly("dan");
        assertThat(second.next()).isNull();
        assertThat(failure(query.room(room("lobby"), 3, "not-a-cursor"))).isInstanceOf(BadCursorException.class);
    }

    @Test
    void nodes_are_the_live_leases_in_name_order() {
        when(leases.live(T0)).thenReturn(done(List.of(
                new NodeLease(new NodeBoot(NodeId.of("node-b"), "b2"), 3, at(-1_000), at(14_000)),
                new NodeLease(new NodeBoot(NodeId.of("node-a"), "a1"), 5, at(-2_000), at(13_000)))));

        List<NodeView> nodes = value(query.nodes());

        assertThat(nodes).containsExactly(
                new NodeView(new NodeBoot(NodeId.of("node-a"), "a1"), 5, at(-2_000)),
                new NodeView(new NodeBoot(NodeId.of("node-b"), "b2"), 3, at(-1_000)));
    }

    @Test
    void this_node_counts_its_sessions_now_not_as_of_its_last_heartbeat() {
        when(leases.live(T0)).thenReturn(done(List.of(
                new NodeLease(new NodeBoot(TestNode.IDENTITY.node(), TestNode.IDENTITY.boot()), 0, at(-1_000),
                        at(14_000)),
                new NodeLease(new NodeBoot(NodeId.of("node-b"), "b2"), 3, at(-1_000), at(14_000)))));
        node.connected("ann", "s1");
        node.connected("bob", "s2");

        assertThat(value(query.nodes())).extracting(NodeView::sessions).containsExactly(2, 3);
    }
}
