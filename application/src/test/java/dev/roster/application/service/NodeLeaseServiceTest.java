package dev.roster.application.service;

import static dev.roster.application.fixtures.FixedClock.at;
import static dev.roster.application.fixtures.Sessions.user;
import static dev.roster.application.fixtures.Stages.done;
import static dev.roster.application.fixtures.Stages.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.roster.application.fixtures.Sessions;
import dev.roster.application.port.out.NodeLeases;
import dev.roster.application.port.out.NodeLeases.LeaseView;
import dev.roster.application.port.out.NodeLeases.LeaseView;
import dev.roster.application.port.out.NodeLeases.NodeLease;
import dev.roster.domain.Activity;
import dev.roster.domain.NodeBoot;
import dev.roster.domain.NodeId;
import dev.roster.domain.Online;
import dev.roster.domain.PendingOffline;
import dev.roster.domain.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NodeLeaseServiceTest {
    private static final Duration LEASE = Duration.ofSeconds(15);
    private static final NodeId OTHER = NodeId.of("node-b");

    private final TestNode node = new TestNode();
    private final NodeLeases leases = mock(NodeLeases.class);
    private final NodeLeaseService service = new NodeLeaseService(leases, node.registry, node.directory,
            node.clock, TestNode.IDENTITY, LEASE, Duration.ofMillis(500), TestNode.GRACE, node.roster, node.announcer,
            node.feed, node.telemetry, SweepTurns.always(TestNode.IDENTITY));

    private final NodeLease ownLease =
            new NodeLease(new NodeBoot(Sessions.NODE, Sessions.BOOT), 1, at(-20_000), at(-5_000));
    private final NodeLease deadLease = new NodeLease(new NodeBoot(OTHER, "boot-b"), 2, at(-20_000), at(-5_000));

    NodeLeaseServiceTest() {
        when(leases.renew(any())).thenReturn(done(true));
        when(leases.release(any())).thenReturn(done(true));
        when(leases.leased()).thenReturn(done(Set.of()));
        when(node.directory.parts()).thenReturn(1);
        when(node.directory.bootsIn(0)).thenReturn(done(Set.of()));
        // a reaping round reads the live and lapsed leases in one view, as the port's default does from the two
        when(leases.view(any())).thenAnswer(call -> {
            Instant now = call.getArgument(0);
            return leases.live(now).thenCombine(leases.lapsed(now), (live, lapsed) -> new LeaseView(now, live, lapsed));
        });
        when(leases.live(any())).thenReturn(done(List.of()));
    }

    @Test
    void a_heartbeat_says_who_this_node_is_how_many_sessions_it_holds_and_until_when() {
        node.connected("ann", "s1");
        node.connected("bob", "s2");
        node.clock.advanceMillis(1_000);

        value(service.heartbeat());

        verify(leases).renew(new NodeLease(new NodeBoot(Sessions.NODE, Sessions.BOOT), 2, at(1_000), at(16_000)));
    }

    @Test
    void a_lapsed_boot_loses_only_its_own_sessions_once_its_lease_is_taken_and_operators_are_told() {
        Session annHere = node.connected("ann", "s1");
        node.elsewhere("ann", "a2");
        Session bobThere = node.elsewhere("bob", "b1");
        node.joinedElsewhere(bobThere, "lobby");
        when(leases.lapsed(at(0))).thenReturn(done(List.of(deadLease)));
        when(node.directory.usersOn(new NodeBoot(OTHER, "boot-b"))).thenReturn(done(Set.of(user("ann"), user("bob"))));
        doAnswer(call -> {
            assertThat(node.presence("bob")).as("the lease is taken before any session is closed")
                    .isInstanceOf(Online.class);
            return done(true);
        }).when(leases).release(deadLease);

        int reaped = value(service.reapLapsed());

        assertThat(reaped).isEqualTo(2);
        assertThat(node.presence("ann")).isInstanceOfSatisfying(Online.class,
                p -> assertThat(p.sessions()).containsOnlyKeys(annHere.id()));
        assertThat(node.presence("bob")).isInstanceOf(PendingOffline.class);
        assertThat(node.presence("bob").lingering()).as("bob's room hears him leave after the grace").isNotEmpty();
        assertThat(node.notices()).isEmpty();
        verify(leases).release(deadLease);
        verify(node.telemetry).nodeRemoved(new NodeBoot(OTHER, "boot-b"), 2, 2);
        verify(node.feed).publish(new Activity.NodeRemoved(OTHER, 2, 2, at(0)));
    }

    @Test
    void a_lease_renewed_after_it_was_read_as_lapsed_is_not_taken_and_nothing_is_closed() {
        node.elsewhere("bob", "b1");
        when(leases.lapsed(at(0))).thenReturn(done(List.of(deadLease)));
        when(leases.release(deadLease)).thenReturn(done(false));

        assertThat(value(service.reapLapsed())).isZero();

        assertThat(node.presence("bob")).isInstanceOf(Online.class);
        verify(node.directory, never()).usersOn(any(NodeBoot.class));
        verify(node.feed, never()).publish(any());
    }

    @Test
    void a_node_that_finds_its_lease_gone_puts_its_sessions_back() {
        AtomicInteger recoveries = new AtomicInteger();
        service.onLeaseLost(() -> {
            recoveries.incrementAndGet();
            return done(null);
        });
        when(leases.renew(any())).thenReturn(done(false), done(true), done(false));

        value(service.heartbeat());
        assertThat(recoveries).as("a boot's first lease is created, not lost").hasValue(0);
        value(service.heartbeat());
        value(service.heartbeat());

        assertThat(recoveries).hasValue(1);
        verify(node.telemetry).leaseLost();
    }

    @Test
    void a_boot_with_sessions_and_no_lease_is_reaped_once_a_lease_would_have_lapsed() {
        NodeBoot orphan = new NodeBoot(OTHER, "boot-b");
        node.elsewhere("bob", "b1");
        when(leases.lapsed(any())).thenReturn(done(List.of()));
        when(node.directory.bootsIn(0)).thenReturn(done(Set.of(orphan, TestNode.IDENTITY_BOOT)));
        when(node.directory.usersOn(new NodeBoot(OTHER, "boot-b"))).thenReturn(done(Set.of(user("bob"))));

        assertThat(value(service.reapLapsed())).as("first seen without a lease").isZero();
        node.clock.advanceMillis(LEASE.toMillis() - 1);
        assertThat(value(service.reapLapsed())).isZero();
        assertThat(node.presence("bob")).isInstanceOf(Online.class);

        node.clock.advanceMillis(1);
        assertThat(value(service.reapLapsed())).isEqualTo(1);
        assertThat(node.presence("bob")).isInstanceOf(PendingOffline.class);
        verify(node.telemetry).nodeRemoved(orphan, 1, 1);
    }

    @Test
    void a_boot_whose_lease_comes_back_in_time_is_not_reaped() {
        NodeBoot late = new NodeBoot(OTHER, "boot-b");
        node.elsewhere("bob", "b1");
        when(leases.lapsed(any())).thenReturn(done(List.of()));
        when(node.directory.bootsIn(0)).thenReturn(done(Set.of(late)));
        when(node.directory.usersOn(new NodeBoot(OTHER, "boot-b"))).thenReturn(done(Set.of(user("bob"))));

        value(service.reapLapsed());
        node.clock.advanceMillis(LEASE.toMillis() / 2);
        when(leases.leased()).thenReturn(done(Set.of(late)));
        value(service.reapLapsed());
        when(leases.leased()).thenReturn(done(Set.of()));
        node.clock.advanceMillis(LEASE.toMillis() / 2);

        assertThat(value(service.reapLapsed())).as("its time without a lease starts again").isZero();
        assertThat(node.presence("bob")).isInstanceOf(Online.class);
    }

    @Test
    void a_node_that_stops_holding_nothing_gives_its_lease_up_whatever_expiry_the_store_gave_it() {
        node.clock.advanceMillis(1_000);

        assertThat(value(service.resign())).isTrue();

        // the store's clock may run ahead of this node's: the release names an expiry later than any renewal's
        verify(leases).release(argThat(lease -> lease.id().equals(new NodeBoot(Sessions.NODE, Sessions.BOOT))
                && lease.expiresAt().isAfter(at(1_000).plus(LEASE).plus(Duration.ofHours(1)))));
    }

    @Test
    void a_renewal_still_on_its_way_is_waited_for_so_that_it_cannot_write_the_lease_again_after_the_release() {
        java.util.concurrent.CompletableFuture<Boolean> renewing = new java.util.concurrent.CompletableFuture<>();
        when(leases.renew(any())).thenReturn(renewing);
        service.heartbeat();

        java.util.concurrent.CompletionStage<Boolean> resigned = service.resign();

        verify(leases, never()).release(any());
        renewing.complete(true);
        assertThat(value(resigned)).isTrue();
        verify(leases).release(any());
    }

    @Test
    void a_node_that_stops_with_a_session_left_keeps_its_lease_for_it_to_lapse() {
        node.connected("ann", "s1");

        assertThat(value(service.resign())).isFalse();

        verify(leases, never()).release(any());
    }

    @Test
    void a_node_that_stops_while_a_change_is_on_its_way_keeps_its_lease_for_it_to_lapse() {
        node.roster.changing(user("ann"));

        assertThat(value(service.resign())).isFalse();

        verify(leases, never()).release(any());
    }

    @Test
    void a_node_never_reaps_its_own_boot() {
        node.connected("ann", "s1");
        when(leases.lapsed(at(0))).thenReturn(done(List.of(ownLease)));
        when(node.directory.bootsIn(0)).thenReturn(done(Set.of(TestNode.IDENTITY_BOOT)));

        int reaped = value(service.reapLapsed());

        assertThat(reaped).isZero();
        assertThat(node.presence("ann")).isInstanceOf(Online.class);
        verify(node.directory, never()).usersOn(any(NodeBoot.class));
        verify(leases, never()).release(any());
    }

    @Test
    void an_earlier_boot_of_this_same_node_is_reaped_without_touching_the_current_one() {
        Session current = node.connected("ann", "s1");
        Session previous = Sessions.session("ann", "old", Sessions.NODE, "boot-0", at(-60_000));
        node.registry.apply(user("ann"), p -> p.open(previous, at(-60_000)));
        NodeLease previousLease = new NodeLease(new NodeBoot(Sessions.NODE, "boot-0"), 1, at(-30_000), at(-15_000));
        when(leases.lapsed(at(0))).thenReturn(done(List.of(previousLease, ownLease)));
        when(node.directory.usersOn(new NodeBoot(Sessions.NODE, "boot-0"))).thenReturn(done(Set.of(user("ann"))));

        int reaped = value(service.reapLapsed());

        assertThat(reaped).isEqualTo(1);
        assertThat(node.presence("ann").sessions()).containsOnlyKeys(current.id());
        verify(leases).release(previousLease);
        verify(leases, never()).release(ownLease);
        verify(node.directory, never()).usersOn(new NodeBoot(Sessions.NODE, Sessions.BOOT));
    }

    @Test
    void a_user_the_index_still_lists_but_who_has_no_session_there_counts_nothing() {
        node.elsewhere("ann", "a1");
        when(leases.lapsed(at(0))).thenReturn(done(List.of(deadLease)));
        when(node.directory.usersOn(new NodeBoot(OTHER, "boot-b")))
                .thenReturn(done(Set.of(user("ann"), user("stale"))));

        assertThat(value(service.reapLapsed())).isEqualTo(1);
    }

    @Test
    void a_lease_less_boot_seen_once_a_pass_over_many_parts_is_still_reaped_with_a_short_lease() {
        Duration shortLease = Duration.ofSeconds(3);
        Duration round = Duration.ofMillis(500);
        NodeLeaseService quick = new NodeLeaseService(leases, node.registry, node.directory, node.clock,
                TestNode.IDENTITY, shortLease, round, TestNode.GRACE, node.roster, node.announcer, node.feed,
                node.telemetry, SweepTurns.always(TestNode.IDENTITY));
        NodeBoot orphan = new NodeBoot(OTHER, "boot-b");
        node.elsewhere("bob", "b1");
        when(node.directory.parts()).thenReturn(64);
        when(node.directory.bootsIn(anyInt())).thenReturn(done(Set.of()));
        when(node.directory.bootsIn(0)).thenReturn(done(Set.of(orphan)));
        when(leases.lapsed(any())).thenReturn(done(List.of()));
        when(node.directory.usersOn(new NodeBoot(OTHER, "boot-b"))).thenReturn(done(Set.of(user("bob"))));

        int reaped = 0;
        // two passes over the 64 parts: the boot is seen at 0 s and again at 32 s, long after 4 leases
        for (int tick = 0; tick <= 64; tick++) {
            reaped += value(quick.reapLapsed());
            node.clock.advanceMillis(round.toMillis());
        }

        assertThat(reaped).isEqualTo(1);
        assertThat(node.presence("bob")).isInstanceOf(PendingOffline.class);
    }

    @Test
    void after_the_store_lost_data_every_part_is_looked_at_once_and_a_lease_less_boot_reaped_a_lease_later() {
        NodeBoot orphan = new NodeBoot(OTHER, "boot-b");
        node.elsewhere("bob", "b1");
        when(node.directory.parts()).thenReturn(64);
        when(node.directory.bootsIn(anyInt())).thenReturn(done(Set.of()));
        // its one user is in a part the rounds reach only after half a minute
        when(node.directory.bootsIn(37)).thenReturn(done(Set.of(orphan, TestNode.IDENTITY_BOOT)));
        when(leases.lapsed(any())).thenReturn(done(List.of()));
        when(node.directory.usersOn(new NodeBoot(OTHER, "boot-b"))).thenReturn(done(Set.of(user("bob"))));

        assertThat(value(service.lookForUnleasedEverywhere())).as("noted, not this node's own").isEqualTo(1);
        node.clock.advanceMillis(LEASE.toMillis() - 1);
        assertThat(value(service.reapLapsed())).isZero();
        node.clock.advanceMillis(1);

        assertThat(value(service.reapLapsed())).isEqualTo(1);
        assertThat(node.presence("bob")).isInstanceOf(PendingOffline.class);
    }
}
