package dev.roster.application.service;

import static dev.roster.application.fixtures.FixedClock.at;
import static dev.roster.application.fixtures.Sessions.room;
import static dev.roster.application.fixtures.Sessions.user;
import static dev.roster.application.fixtures.Stages.failure;
import static dev.roster.application.fixtures.Stages.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.Mockito.verify;

import dev.roster.application.fixtures.Sessions;
import dev.roster.application.port.in.ConnectUseCase.ConnectCommand;
import dev.roster.application.port.in.PresenceRejectedException;
import dev.roster.application.port.out.RoomEvent.PresenceNotice;
import dev.roster.domain.StoreUnavailableException;
import dev.roster.domain.Limits;
import dev.roster.domain.Online;
import dev.roster.domain.PresenceEvent;
import dev.roster.domain.PresenceState;
import dev.roster.domain.Rejection;
import dev.roster.domain.Session;
import dev.roster.domain.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectServiceTest {
    private final TestNode node = new TestNode();
    private final ConnectService connect = new ConnectService(node.registry, node.clock, TestNode.IDENTITY,
            node.roster, node.announcer, Limits.DEFAULT);

    @Test
    void the_first_connection_registers_the_session_here_and_brings_the_user_online() {
        node.clock.advanceMillis(42);

        Session session = value(connect.connect(new ConnectCommand(user("ann"), "ios")));

        assertThat(session.user()).isEqualTo(user("ann"));
        assertThat(session.node()).isEqualTo(Sessions.NODE);
        assertThat(session.boot()).isEqualTo(Sessions.BOOT);
        assertThat(session.device()).isEqualTo("ios");
        assertThat(session.connectedAt()).isEqualTo(at(42));
        assertThat(node.presence("ann")).isInstanceOfSatisfying(Online.class,
                p -> assertThat(p.sessions()).containsOnlyKeys(session.id()));
        assertThat(node.roster.get(session.id())).isPresent();
        verify(node.telemetry).transitioned(List.of(
                new PresenceEvent.UserCameOnline(user("ann"), Status.ONLINE, at(42)),
                new PresenceEvent.SessionOpened(session, 1, at(42))));
        assertThat(node.notices()).as("no room has the user yet").isEmpty();
    }

    @Test
    void every_connection_gets_its_own_session_and_counts_as_one_more() {
        Session first = value(connect.connect(new ConnectCommand(user("ann"), null)));
        Session second = value(connect.connect(new ConnectCommand(user("ann"), null)));

        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(node.presence("ann").sessions()).containsOnlyKeys(first.id(), second.id());
        assertThat(node.roster.size()).isEqualTo(2);
        assertThat(first.device()).isEqualTo("unknown");
    }

    @Test
    void a_second_connection_tells_the_user_s_rooms_its_count_and_closing_it_tells_them_again() {
        DisconnectService disconnect = new DisconnectService(node.registry, node.clock, TestNode.GRACE, node.roster,
                node.subscriptions, node.announcer, node.scheduler);
        Session first = value(connect.connect(new ConnectCommand(user("ann"), "laptop")));
        node.joined(first, "lobby");

        Session second = value(connect.connect(new ConnectCommand(user("ann"), "phone")));
        value(disconnect.disconnect(second));

        assertThat(node.notices()).extracting(PresenceNotice::room, PresenceNotice::user, PresenceNotice::state,
                        PresenceNotice::sessions, PresenceNotice::origin)
                .containsExactly(tuple(room("lobby"), user("ann"), PresenceState.ONLINE, 2, second.id()),
                        tuple(room("lobby"), user("ann"), PresenceState.ONLINE, 1, second.id()));
    }

    @Test
    void a_connection_inside_grace_cancels_the_grace_timer() {
        Session first = value(connect.connect(new ConnectCommand(user("ann"), null)));
        value(node.announcer.announce(node.registry.apply(user("ann"),
                p -> p.close(first.id(), node.clock.now(), TestNode.GRACE)).toCompletableFuture().join()));
        assertThat(node.scheduler.pending()).hasSize(1);

        value(connect.connect(new ConnectCommand(user("ann"), null)));

        assertThat(node.presence("ann")).isInstanceOf(Online.class);
        assertThat(node.scheduler.pending()).isEmpty();
    }

    @Test
    void when_the_store_cannot_take_it_the_connection_fails_and_this_node_holds_nothing() {
        node.registry.unavailableFor(1);

        Throwable failed = failure(connect.connect(new ConnectCommand(user("ann"), null)));

        assertThat(failed).isInstanceOf(StoreUnavailableException.class);
        assertThat(node.roster.size()).isZero();
        assertThat(node.presence("ann").listed()).isFalse();
    }

    @Test
    void a_connect_whose_commit_ran_stands_even_if_its_announcement_cannot_be_sent() {
        Session other = node.connected("ann", "s0");
        node.joined(other, "lobby");
        org.mockito.Mockito.when(node.presenceBus.publish(org.mockito.ArgumentMatchers.any())).thenReturn(
                java.util.concurrent.CompletableFuture.failedFuture(new StoreUnavailableException("Redis went away")));

        Session session = value(connect.connect(new ConnectCommand(user("ann"), "ios")));

        assertThat(node.roster.get(session.id())).isPresent();
        assertThat(node.presence("ann").sessions()).containsKey(session.id());
        verify(node.telemetry).housekeepingFailed(org.mockito.ArgumentMatchers.eq("announcing a committed change"),
                org.mockito.ArgumentMatchers.any());
    }

    @Test
    void a_session_beyond_the_user_s_limit_is_refused_and_nothing_is_held_or_said() {
        ConnectService limited = new ConnectService(node.registry, node.clock, TestNode.IDENTITY, node.roster,
                node.announcer, new Limits(2, 100));
        Session first = node.connected("ann", "s1");
        node.joined(first, "lobby");
        node.elsewhere("ann", "s2");
        long version = node.presence("ann").version();

        Throwable refused = failure(limited.connect(new ConnectCommand(user("ann"), null)));

        assertThat(refused).isInstanceOfSatisfying(PresenceRejectedException.class,
                e -> assertThat(e.rejection()).isEqualTo(Rejection.TOO_MANY_SESSIONS));
        assertThat(node.roster.size()).isEqualTo(1);
        assertThat(node.presence("ann").sessions()).hasSize(2);
        assertThat(node.presence("ann").version()).isEqualTo(version);
        assertThat(node.notices()).isEmpty();
        // the store does not count sessions that closed: one closing makes room for one more
        value(node.announcer.announce(node.registry.apply(user("ann"),
                p -> p.close(first.id(), node.clock.now(), TestNode.GRACE)).toCompletableFuture().join()));
        assertThat(value(limited.connect(new ConnectCommand(user("ann"), null))).user()).isEqualTo(user("ann"));
    }
}
