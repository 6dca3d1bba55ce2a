package dev.roster.application.service;

import static dev.roster.application.fixtures.FixedClock.at;
import static dev.roster.application.fixtures.Sessions.room;
import static dev.roster.application.fixtures.Stages.failure;
import static dev.roster.application.fixtures.Stages.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import dev.roster.application.fixtures.InMemorySessionRegistry;
import dev.roster.application.port.out.SessionRegistry;
import dev.roster.domain.StoreUnavailableException;
import dev.roster.domain.Online;
import dev.roster.domain.PendingOffline;
import dev.roster.domain.PresenceState;
import dev.roster.domain.Session;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class DisconnectServiceTest {
    private final TestNode node = new TestNode();

    private DisconnectService service(SessionRegistry registry) {
        return new DisconnectService(registry, node.clock, TestNode.GRACE, node.roster, node.subscriptions,
                node.announcer, node.scheduler);
    }

    private final DisconnectService disconnect = service(node.registry);

    @Test
    void closing_one_of_two_sessions_keeps_the_user_online_and_the_room_heard_by_the_other() {
        Session first = node.connected("ann", "s1");
        Session second = node.connected("ann", "s2");
        node.joined(first, "lobby");
        node.joined(second, "lobby");

        value(disconnect.disconnect(first));

        assertThat(node.presence("ann")).isInstanceOfSatisfying(Online.class,
                p -> assertThat(p.sessions()).containsOnlyKeys(second.id()));
        assertThat(node.roster.get(first.id())).isEmpty();
        assertThat(node.roster.sessionsIn(room("lobby"))).containsExactly(second.id());
        verify(node.presenceBus, never()).unsubscribe(room("lobby"));
        assertThat(node.notices()).as("the room is told the count left, not that anything else changed")
                .singleElement().satisfies(n -> {
                    assertThat(n.room()).isEqualTo(room("lobby"));
                    assertThat(n.state()).isEqualTo(PresenceState.ONLINE);
                    assertThat(n.sessions()).isEqualTo(1);
                    assertThat(n.countOnly()).isTrue();
                });
    }

    @Test
    void the_last_session_starts_the_grace_period_silently_and_stops_hearing_its_rooms() {
        Session only = node.connected("ann", "s1");
        node.joined(only, "lobby");
        node.clock.advanceMillis(1_000);

        value(disconnect.disconnect(only));

        assertThat(node.presence("ann")).isInstanceOfSatisfying(PendingOffline.class,
                p -> assertThat(p.deadline()).isEqualTo(at(4_000)));
        verify(node.presenceBus).unsubscribe(room("lobby"));
        verify(node.messageBus).unsubscribe(room("lobby"));
        assertThat(node.notices()).as("the room hears nothing before the grace ran out").isEmpty();
        assertThat(node.scheduler.pending()).singleElement()
                .satisfies(t -> assertThat(t.delay()).isEqualTo(TestNode.GRACE.length()));
    }

    @Test
    void a_close_the_store_cannot_take_is_retried_until_it_can() {
        Session only = node.connected("ann", "s1");
        node.registry.unavailableFor(2);

        CompletableFuture<Void> closed = disconnect.disconnect(only).toCompletableFuture();

        assertThat(node.roster.size()).as("the node stops delivering at once").isZero();
        assertThat(closed).isNotDone();
        assertThat(node.scheduler.pending()).singleElement()
                .satisfies(t -> assertThat(t.delay()).isEqualTo(DisconnectService.RETRY_EVERY));
        node.clock.advanceMillis(1_000);
        node.scheduler.runPending();
        assertThat(closed).isNotDone();
        node.clock.advanceMillis(1_000);
        node.scheduler.runPending();

        value(closed);
        assertThat(node.registry.calls()).isEqualTo(4);
        assertThat(node.presence("ann")).isInstanceOfSatisfying(PendingOffline.class,
                p -> assertThat(p.deadline()).as("grace counts from the close that landed").isEqualTo(at(5_000)));
    }

    @Test
    void the_retries_give_up_after_the_last_try_and_say_why() {
        Session only = node.connected("ann", "s1");
        node.registry.unavailableFor(Integer.MAX_VALUE);

        CompletableFuture<Void> closed = disconnect.disconnect(only).toCompletableFuture();
        for (int round = 1; round < DisconnectService.MAX_TRIES && !closed.isDone(); round++) {
            node.scheduler.runPending();
        }

        assertThat(failure(closed)).isInstanceOf(StoreUnavailableException.class);
        assertThat(node.registry.calls()).isEqualTo(1 + DisconnectService.MAX_TRIES);
        assertThat(node.scheduler.pending()).isEmpty();
    }

    @Test
    void any_other_failure_is_not_retried() {
        Session only = node.connected("ann", "s1");
        SessionRegistry broken = (user, transition) -> CompletableFuture.failedFuture(
                new IllegalStateException("corrupt entry"));

        Throwable failed = failure(service(broken).disconnect(only));

        assertThat(failed).isInstanceOf(IllegalStateException.class).hasMessage("corrupt entry");
        assertThat(node.scheduler.pending()).isEmpty();
    }

    @Test
    void disconnect_all_closes_every_session_this_node_holds() {
        node.connected("ann", "s1");
        node.connected("ann", "s2");
        node.connected("bob", "s3");

        value(disconnect.disconnectAll());

        assertThat(node.roster.size()).isZero();
        assertThat(node.presence("ann")).isInstanceOf(PendingOffline.class);
        assertThat(node.presence("bob")).isInstanceOf(PendingOffline.class);
    }

    @Test
    void a_session_this_node_never_held_has_nothing_to_close() {
        InMemorySessionRegistry empty = new InMemorySessionRegistry();
        Session stranger = dev.roster.application.fixtures.Sessions.session("cy", "s9");

        value(service(empty).disconnect(stranger));

        assertThat(empty.presence(stranger.user()).listed()).isFalse();
        assertThat(node.scheduler.pending()).isEmpty();
    }

    @Test
    void a_session_the_store_lost_is_closed_as_the_node_knew_it_so_its_rooms_hear_it_leave() {
        Session only = node.connected("ann", "s1");
        node.joined(only, "lobby");
        // Redis restarted empty, and the tab closed before this node put its sessions back
        node.registry.put(dev.roster.domain.Presence.unknown(dev.roster.application.fixtures.Sessions.user("ann")));
        node.forgetInteractions();

        value(disconnect.disconnect(only));

        assertThat(node.presence("ann")).isInstanceOf(dev.roster.domain.PendingOffline.class);
        assertThat(node.presence("ann").lingering()).as("the room hears it leave when the grace runs out")
                .containsOnlyKeys(room("lobby"));
        assertThat(node.scheduler.pending()).as("a grace timer").isNotEmpty();
    }
}
