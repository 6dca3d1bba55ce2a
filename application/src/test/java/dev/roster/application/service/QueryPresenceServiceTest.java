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
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.roster.application.port.in.QueryPresenceUseCase;
import dev.roster.application.port.in.QueryPresenceUseCase.NodeView;
import dev.roster.application.port.in.QueryPresenceUseCase.OnlinePage;
import dev.roster.application.port.in.QueryPresenceUseCase.UserView;
import dev.roster.application.port.out.NodeLeases;
import dev.roster.application.port.out.NodeLeases.NodeLease;
import dev.roster.application.port.out.PresenceDirectory;
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
    void a_cursor_the_directory_refuses_is_a_bad_cursor_of_the_use_case_whether_thrown_or_failed() {
        when(node.directory.online(5, "forged")).thenThrow(new PresenceDirectory.BadCursorException("forged"));
        when(node.directory.online("a", 5, "garbled")).thenReturn(
                CompletableFuture.failedFuture(new PresenceDirectory.BadCursorException("garbled")));

        assertThatThrownBy(() -> query.online(5, "forged"))
                .isInstanceOf(QueryPresenceUseCase.BadCursorException.class)
                .hasMessageContaining("forged");
        assertThat(failure(query.search("a", 5, "garbled")))
                .isInstanceOf(QueryPresenceUseCase.BadCursorException.class)
                .hasMessageContaining("garbled");
    }

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
    void online_pages_are_bounded_to_one_to_a_thousand_and_pass_the_cursor_through() {
        when(node.directory.online(any(Integer.class), any())).thenReturn(
                done(new PresenceDirectory.OnlinePage(List.of(user("ann")), "c2")));

        OnlinePage page = value(query.online(5_000, "c1"));
        value(query.online(0, null));
        value(query.online(20, "c3"));

        assertThat(page).isEqualTo(new OnlinePage(List.of(user("ann")), "c2"));
        verify(node.directory).online(1_000, "c1");
        verify(node.directory).online(1, null);
        verify(node.directory).online(20, "c3");
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
    void nodes_are_the_live_leases_in_name_order() {
        when(leases.live(T0)).thenReturn(done(List.of(
                new NodeLease(NodeId.of("node-b"), "b2", 3, at(-1_000), at(14_000)),
                new NodeLease(NodeId.of("node-a"), "a1", 5, at(-2_000), at(13_000)))));

        List<NodeView> nodes = value(query.nodes());

        assertThat(nodes).containsExactly(
                new NodeView(NodeId.of("node-a"), "a1", 5, at(-2_000)),
                new NodeView(NodeId.of("node-b"), "b2", 3, at(-1_000)));
    }

    @Test
    void this_node_counts_its_sessions_now_not_as_of_its_last_heartbeat() {
        when(leases.live(T0)).thenReturn(done(List.of(
                new NodeLease(TestNode.IDENTITY.node(), TestNode.IDENTITY.boot(), 0, at(-1_000), at(14_000)),
                new NodeLease(NodeId.of("node-b"), "b2", 3, at(-1_000), at(14_000)))));
        node.connected("ann", "s1");
        node.connected("bob", "s2");

        assertThat(value(query.nodes())).extracting(NodeView::sessions).containsExactly(2, 3);
    }
}
