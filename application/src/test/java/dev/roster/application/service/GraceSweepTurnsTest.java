package dev.roster.application.service;

import static dev.roster.application.fixtures.Stages.done;
import static dev.roster.application.fixtures.Stages.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.roster.application.fixtures.Sessions;
import dev.roster.application.port.out.NodeLeases;
import dev.roster.application.port.out.NodeLeases.LeaseView;
import dev.roster.application.port.out.NodeLeases.NodeLease;
import dev.roster.application.port.out.PresenceDirectory;
import dev.roster.domain.NodeBoot;
import dev.roster.domain.NodeId;
import dev.roster.domain.Offline;
import dev.roster.domain.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one store take the grace sweep's rounds in turn: each round is read by one of them, each due user
 * expired once, and the rounds of a node that died are taken by the other once its lease lapsed.
 */
class GraceSweepTurnsTest {
    private static final Duration LEASE = Duration.ofSeconds(15);
    private static final Duration ROUND = UseCases.Settings.SWEEP_EVERY;
    private static final NodeBoot A = new NodeBoot(Sessions.NODE, Sessions.BOOT);
    private static final NodeBoot B = new NodeBoot(NodeId.of("node-b"), "boot-b");

    private final TestNode store = new TestNode();
    private final NodeLeases leases = mock(NodeLeases.class);
    private final AtomicReference<List<NodeBoot>> live = new AtomicReference<>(List.of(A, B));
    private final Node a = new Node(A);
    private final Node b = new Node(B);

    GraceSweepTurnsTest() {
        when(leases.view(any())).thenAnswer(call -> {
            Instant now = call.getArgument(0);
            List<NodeLease> alive = live.get().stream().map(id -> new NodeLease(id, 0, now, now.plus(LEASE))).toList();
            return done(new LeaseView(now, alive, List.of()));
        });
        when(store.directory.bootsIn(anyInt())).thenReturn(done(Set.of()));
        when(store.directory.dueForExpiry(any(), anyInt())).thenAnswer(call -> done(store.registry.dueAt(
                call.getArgument(0))));
    }

    /** One node's grace sweep and reaping over the shared store, with the directory reads it makes counted. */
    private final class Node {
        final SweepTurns turns;
        final ExpireGraceService expire;
        final NodeLeaseService lease;
        final PresenceDirectory directory = mock(PresenceDirectory.class);
        final List<Instant> reads = new ArrayList<>();

        Node(NodeBoot self) {
            turns = new SweepTurns(self, LEASE);
            when(directory.dueForExpiry(any(), anyInt())).thenAnswer(call -> {
                reads.add(call.getArgument(0));
                return store.directory.dueForExpiry(call.getArgument(0), call.getArgument(1));
            });
            when(directory.bootsIn(anyInt())).thenReturn(done(Set.of()));
            expire = new ExpireGraceService(store.registry, directory, store.clock, store.announcer, store.timers,
                    turns);
            lease = new NodeLeaseService(leases, store.registry, directory, store.clock, self, LEASE,
                    Duration.ofMillis(500), TestNode.GRACE, new LocalRoster(), store.announcer, store.feed,
                    store.telemetry, turns);
        }

        void reap() {
            value(lease.reapLapsed());
        }

        int sweep() {
            return value(expire.sweepRound());
        }
    }

    private void closedNow(Session session) {
        store.registry.apply(session.user(), p -> p.close(session.id(), store.clock.now(), TestNode.GRACE));
    }

    @Test
    void each_round_is_swept_by_one_of_the_two_live_nodes_and_each_due_user_expires_once() {
        a.reap();
        b.reap();
        List<Integer> expiredPerRound = new ArrayList<>();
        for (int round = 0; round < 8; round++) {
            // the reaping rounds, every half second, keep each node's view of the live leases fresh
            a.reap();
            b.reap();
            Session s = store.elsewhere("user-" + round, "s" + round);
            closedNow(s);
            store.clock.advance(TestNode.GRACE.length());
            int before = a.reads.size() + b.reads.size();
            expiredPerRound.add(a.sweep() + b.sweep());
            assertThat(a.reads.size() + b.reads.size()).as("reads of round %d", round).isEqualTo(before + 1);
            assertThat(store.presence("user-" + round)).isInstanceOf(Offline.class);
            store.clock.advance(ROUND);
        }
        assertThat(expiredPerRound).containsOnly(1);
        assertThat(a.reads).hasSize(4);
        assertThat(b.reads).hasSize(4);
    }

    @Test
    void the_rounds_of_a_node_killed_mid_sweep_are_taken_by_the_other_once_its_lease_lapsed() {
        a.reap();
        b.reap();
        // find a round of b's: b is killed in it, before its sweep reads anything
        while (!b.turns.mine(store.clock.now())) {
            store.clock.advance(ROUND);
        }
        Session s = store.elsewhere("zoe", "z1");
        closedNow(s);
        store.clock.advance(TestNode.GRACE.length());
        while (a.turns.mine(store.clock.now())) {
            store.clock.advance(ROUND);
        }
        assertThat(a.sweep()).as("b's round: a leaves it to b, which is dead").isZero();
        assertThat(store.presence("zoe")).isNotInstanceOf(Offline.class);

        // b's lease lapses: a's next reaping round sees it alone, and a sweeps every round from then on
        live.set(List.of(A));
        a.reap();
        for (int round = 0; round < 4; round++) {
            assertThat(a.turns.mine(store.clock.now())).isTrue();
            store.clock.advance(ROUND);
        }
        assertThat(a.sweep()).isEqualTo(1);
        assertThat(store.presence("zoe")).isInstanceOf(Offline.class);
    }

    @Test
    void a_node_sweeps_every_round_until_it_has_seen_the_leases_and_when_its_view_is_older_than_a_lease() {
        for (int round = 0; round < 4; round++) {
            assertThat(a.turns.mine(store.clock.now())).isTrue();
            store.clock.advance(ROUND);
        }
        a.reap();
        int mine = 0;
        for (int round = 0; round < 4; round++) {
            mine += a.turns.mine(store.clock.now()) ? 1 : 0;
            store.clock.advance(ROUND);
        }
        assertThat(mine).isEqualTo(2);
        // the store stopped answering the reaping rounds a lease time ago: the view no longer says who is alive
        store.clock.advance(LEASE);
        for (int round = 0; round < 4; round++) {
            assertThat(a.turns.mine(store.clock.now())).isTrue();
            store.clock.advance(ROUND);
        }
    }

    @Test
    void a_node_whose_own_lease_is_not_among_the_live_ones_sweeps_every_round() {
        live.set(List.of(B));
        a.reap();
        for (int round = 0; round < 4; round++) {
            assertThat(a.turns.mine(store.clock.now())).isTrue();
            store.clock.advance(ROUND);
        }
    }

    @Test
    void the_rounds_follow_the_store_clock_so_nodes_whose_clocks_disagree_still_take_turns() {
        SweepTurns ahead = new SweepTurns(A, LEASE);
        SweepTurns behind = new SweepTurns(B, LEASE);
        Instant storeNow = store.clock.now();
        List<NodeLease> both = List.of(new NodeLease(A, 0, storeNow, storeNow.plus(LEASE)),
                new NodeLease(B, 0, storeNow, storeNow.plus(LEASE)));
        // a's clock runs 700 ms ahead of the store's, b's 300 ms behind
        ahead.saw(new LeaseView(storeNow, both, List.of()), storeNow.plusMillis(700));
        behind.saw(new LeaseView(storeNow, both, List.of()), storeNow.minusMillis(300));
        for (int step = 0; step < 10; step++) {
            Instant t = storeNow.plus(ROUND.multipliedBy(step)).plusMillis(100);
            boolean aSweeps = ahead.mine(t.plusMillis(700));
            boolean bSweeps = behind.mine(t.minusMillis(300));
            assertThat(aSweeps ^ bSweeps).as("exactly one sweeps at store time %s", t).isTrue();
        }
    }
}
