package dev.roster.application.service;

import static dev.roster.application.fixtures.Sessions.room;
import static dev.roster.application.fixtures.Sessions.user;
import static dev.roster.application.fixtures.Stages.done;
import static dev.roster.application.fixtures.Stages.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.roster.application.fixtures.Sessions;
import dev.roster.application.port.out.RoomEvent.PresenceNotice;
import dev.roster.domain.NodeBoot;
import dev.roster.domain.PendingOffline;
import dev.roster.domain.PresenceState;
import dev.roster.domain.Session;
import dev.roster.domain.UserId;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store and this node disagree on the sessions this node holds: whichever way, the store ends up as the node
 * holds them, and the rooms hear what changed for them.
 */
class ReconcileServiceTest {
    private static final NodeBoot HERE = TestNode.IDENTITY_BOOT;

    private final TestNode node = new TestNode();
    private final ReconcileService service = new ReconcileService(node.registry, node.directory, node.clock,
            TestNode.IDENTITY, TestNode.GRACE, node.roster, node.announcer, node.telemetry);
    /** What the store's index of this boot lists, whatever the presences say. */
    private final Set<UserId> listed = new HashSet<>();

    @BeforeEach
    void aDirectoryThatReadsTheRegistry() {
        when(node.directory.parts()).thenReturn(2);
        when(node.directory.partOf(any())).thenAnswer(call -> Math.floorMod(
                call.<UserId>getArgument(0).value().hashCode(), 2));
        when(node.directory.usersOn(eq(HERE), anyInt())).thenAnswer(call -> {
            int part = call.getArgument(1);
            return done(Set.copyOf(listed.stream().filter(u -> Math.floorMod(u.value().hashCode(), 2) == part)
                    .toList()));
        });
        doAnswer(call -> done(call.<Collection<UserId>>getArgument(0).stream().map(node.registry::presence)
                .toList())).when(node.directory).findAll(any());
    }

    @Test
    void a_session_the_store_lists_for_this_node_but_that_it_does_not_hold_is_closed() {
        Session ghost = Sessions.session("lost", "s1");
        node.registry.apply(user("lost"), p -> p.open(ghost, node.clock.now()));
        node.registry.apply(user("lost"), p -> p.join(ghost.id(), room("lobby"), node.clock.now()));
        listed.add(user("lost"));

        int repaired = value(service.reconcileAll());

        assertThat(repaired).isEqualTo(1);
        assertThat(node.presence("lost")).isInstanceOf(PendingOffline.class);
        assertThat(node.presence("lost").lingering()).as("its rooms hear it leave once the grace runs out")
                .containsOnlyKeys(room("lobby"));
        assertThat(node.scheduler.pending()).hasSize(1);
        verify(node.telemetry).reconciled(1);
    }

    @Test
    void a_session_this_node_holds_that_the_store_lost_is_put_back_and_its_rooms_hear_it() {
        Session ann = Sessions.session("ann", "s1");
        node.roster.add(ann);
        node.roster.join(ann.id(), room("lobby"), r -> { });

        assertThat(value(service.reconcileAll())).isEqualTo(1);

        assertThat(node.presence("ann").sessions()).containsOnlyKeys(ann.id());
        assertThat(node.presence("ann").rooms()).containsExactly(room("lobby"));
        assertThat(node.notices()).extracting(PresenceNotice::room, PresenceNotice::state)
                .containsExactly(Tuple.tuple(room("lobby"), PresenceState.ONLINE));
    }

    @Test
    void users_the_store_has_right_are_only_read() {
        Session ann = node.connected("ann", "s1");
        node.joined(ann, "lobby");
        listed.add(user("ann"));
        long version = node.presence("ann").version();

        assertThat(value(service.reconcileAll())).isZero();

        assertThat(node.presence("ann").version()).isEqualTo(version);
        assertThat(node.notices()).isEmpty();
    }

    @Test
    void a_user_a_use_case_is_changing_right_now_is_left_for_the_next_pass() {
        Session ghost = Sessions.session("ann", "s1");
        node.registry.apply(user("ann"), p -> p.open(ghost, node.clock.now()));
        listed.add(user("ann"));
        // as between a connect's commit and the roster learning of the session
        node.roster.changing(user("ann"));

        assertThat(value(service.reconcileAll())).isZero();
        assertThat(node.presence("ann").sessions()).containsOnlyKeys(ghost.id());

        node.roster.add(ghost);
        node.roster.changed(user("ann"));
        assertThat(value(service.reconcileAll())).isZero();
        assertThat(node.presence("ann").sessions()).containsOnlyKeys(ghost.id());
    }

    @Test
    void one_part_is_compared_per_tick_and_a_full_pass_covers_every_part() {
        for (String name : new String[] {"a", "b", "c", "d", "e", "f"}) {
            Session session = Sessions.session(name, "s-" + name);
            node.roster.add(session);
        }

        int first = value(service.reconcileNext());
        int second = value(service.reconcileNext());

        assertThat(service.parts()).isEqualTo(2);
        assertThat(first).isPositive().isLessThan(6);
        assertThat(first + second).isEqualTo(6);
        assertThat(value(service.reconcileNext())).as("the third tick starts the next pass: all in order").isZero();
    }
}
