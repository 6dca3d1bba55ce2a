package dev.roster.application.service;

import static dev.roster.application.fixtures.FixedClock.at;
import static dev.roster.application.fixtures.Sessions.room;
import static dev.roster.application.fixtures.Sessions.user;
import static dev.roster.application.fixtures.Stages.done;
import static dev.roster.application.fixtures.Stages.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.roster.application.fixtures.InMemorySessionRegistry;
import dev.roster.application.fixtures.Sessions;
import dev.roster.application.port.out.RoomEvent.PresenceNotice;
import dev.roster.application.port.out.SessionRegistry;
import dev.roster.domain.Online;
import dev.roster.domain.Outcome;
import dev.roster.domain.PresenceState;
import dev.roster.domain.Session;
import dev.roster.domain.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RestoreServiceTest {
    private final TestNode node = new TestNode();

    /** This node's sessions and rooms, as the roster holds them, with a store that has lost everything. */
    private final InMemorySessionRegistry emptied = new InMemorySessionRegistry();
    private final List<String> calls = new ArrayList<>();

    private Session held(String user, String id, String... rooms) {
        Session session = Sessions.session(user, id);
        node.roster.add(session);
        for (String r : rooms) {
            node.roster.join(session.id(), room(r), r2 -> { });
        }
        return session;
    }

    private RestoreService restoreOn(SessionRegistry registry) {
        ReconcileService reconcile = new ReconcileService(registry, node.directory, node.clock, TestNode.IDENTITY,
                TestNode.GRACE, node.roster, node.announcer, node.telemetry);
        return new RestoreService(() -> {
            calls.add("lease");
            return done(true);
        }, reconcile, () -> calls.add("afterwards"));
    }

    @Test
    void the_lease_is_written_first_then_every_session_is_put_back_with_its_rooms_and_status() {
        Session ann = held("ann", "s1", "lobby", "dev");
        Session bob = held("bob", "s2");
        node.roster.remember(ann.id(), Status.BUSY, "call");
        node.clock.advanceMillis(9_000);
        SessionRegistry recorded = (user, transition) -> {
            calls.add("session");
            return emptied.apply(user, transition);
        };

        int restored = value(restoreOn(recorded).restoreAll());

        assertThat(calls).first().isEqualTo("lease");
        assertThat(calls).last().as("the rooms' audit is arranged once the users are back").isEqualTo("afterwards");
        assertThat(restored).isEqualTo(2);
        assertThat(emptied.presence(user("ann"))).isInstanceOfSatisfying(Online.class, p -> {
            assertThat(p.sessions().get(ann.id()).rooms()).containsExactlyInAnyOrder(room("lobby"), room("dev"));
            assertThat(p.state()).isEqualTo(PresenceState.BUSY);
            assertThat(p.statusText()).contains("call");
            assertThat(p.lastSeen()).contains(at(9_000));
        });
        assertThat(emptied.presence(user("bob")).state()).isEqualTo(PresenceState.ONLINE);
        assertThat(emptied.presence(user("bob")).sessions()).containsOnlyKeys(bob.id());
    }

    @Test
    void rooms_that_heard_a_user_leave_hear_it_come_back() {
        Session ann = node.connected("ann", "s1");
        node.joined(ann, "lobby");
        // another node took this one for dead and closed its session; the grace ran out, the room heard it leave
        node.registry.apply(user("ann"), p -> p.close(s -> true, at(0), TestNode.GRACE));
        node.registry.apply(user("ann"), p -> p.expire(at(10_000)));
        node.forgetInteractions();

        value(restoreOn(node.registry).restoreAll());

        assertThat(node.presence("ann").sessions()).containsOnlyKeys(ann.id());
        assertThat(node.notices()).extracting(PresenceNotice::room, PresenceNotice::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(room("lobby"), PresenceState.ONLINE));
    }

    @Test
    void all_users_are_sent_before_any_answer_is_awaited() {
        held("ann", "s1");
        held("bob", "s2");
        held("cy", "s3");
        SessionRegistry slow = mock(SessionRegistry.class);
        List<CompletableFuture<Outcome>> answers = new ArrayList<>();
        when(slow.apply(any(), any())).thenAnswer(call -> {
            CompletableFuture<Outcome> answer = new CompletableFuture<>();
            answers.add(answer);
            return answer;
        });

        CompletableFuture<Integer> restored = restoreOn(slow).restoreAll().toCompletableFuture();

        verify(slow, times(3)).apply(any(), any());
        assertThat(restored).isNotDone();
        answers.forEach(a -> a.complete(new Outcome.Unchanged(dev.roster.domain.Presence.unknown(user("x")))));
        assertThat(value(restored)).isZero();
    }

    @Test
    void a_session_the_store_still_has_is_left_as_it_is() {
        Session ann = node.connected("ann", "s1");
        node.joined(ann, "lobby");
        long version = node.presence("ann").version();

        int restored = value(restoreOn(node.registry).restoreAll());

        assertThat(restored).isZero();
        assertThat(node.presence("ann").version()).isEqualTo(version);
        verifyNoInteractions(node.presenceBus);
    }

    @Test
    void a_session_closed_while_the_restore_is_under_way_is_not_put_back() {
        Session ann = held("ann", "s1", "lobby");
        SessionRegistry racing = (user, transition) -> {
            // the disconnect lands between the restore's snapshot and its commit
            node.roster.remove(ann.id(), r -> { });
            return emptied.apply(user, transition);
        };

        value(restoreOn(racing).restoreAll());

        assertThat(emptied.presence(user("ann")).listed()).isFalse();
    }

    @Test
    void a_restored_user_whose_rooms_still_linger_keeps_a_grace_timer() {
        Session ann = held("ann", "s1");
        Session other = Sessions.session("ann", "s0");
        emptied.apply(user("ann"), p -> p.open(other, at(0)));
        emptied.apply(user("ann"), p -> p.join(other.id(), room("lobby"), at(0)));
        emptied.apply(user("ann"), p -> p.close(other.id(), at(0), TestNode.GRACE));

        value(restoreOn(emptied).restoreAll());

        assertThat(emptied.presence(user("ann")).sessions()).containsOnlyKeys(ann.id());
        assertThat(node.scheduler.pending()).singleElement()
                .satisfies(t -> assertThat(t.delay()).isEqualTo(TestNode.GRACE.length()));
    }
}
