package dev.roster.application.service;

import static dev.roster.application.fixtures.FixedClock.at;
import static dev.roster.application.fixtures.Sessions.room;
import static dev.roster.application.fixtures.Sessions.user;
import static dev.roster.application.fixtures.Stages.done;
import static dev.roster.application.fixtures.Stages.failure;
import static dev.roster.application.fixtures.Stages.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.roster.application.fixtures.InMemoryDeliveryLedger;
import dev.roster.application.fixtures.InMemoryEventLog;
import dev.roster.application.fixtures.ManualScheduler;
import dev.roster.application.fixtures.RecordingSink;
import dev.roster.application.port.in.ConnectUseCase.ConnectCommand;
import dev.roster.application.port.in.JoinRoomUseCase.JoinCommand;
import dev.roster.application.port.in.NodeHealthUseCase;
import dev.roster.application.port.in.PresenceRejectedException;
import dev.roster.application.port.in.RoomCommand;
import dev.roster.application.port.in.SayUseCase.SayCommand;
import dev.roster.application.port.in.WhoUseCase.WhoCommand;
import dev.roster.application.port.out.Authenticator;
import dev.roster.application.port.out.ClientGateway;
import dev.roster.application.port.out.ControlBus;
import dev.roster.application.port.out.EventLog;
import dev.roster.application.port.out.NodeLeases;
import dev.roster.application.port.out.NodeLeases.LeaseView;
import dev.roster.application.port.out.NodeLeases.NodeLease;
import dev.roster.application.port.out.RoomAuthorizer;
import dev.roster.domain.Limits;
import dev.roster.domain.LoggedEvent;
import dev.roster.domain.NodeBoot;
import dev.roster.domain.Offline;
import dev.roster.domain.PresenceState;
import dev.roster.domain.Rejection;
import dev.roster.domain.RoomGrants;
import dev.roster.domain.Session;
import dev.roster.domain.StoreUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The wiring: grace timers end in an expiry, housekeeping runs on the node's schedule, health follows the store. */
class UseCasesTest {
    private static final Duration LEASE = Duration.ofSeconds(15);

    private final TestNode node = new TestNode();
    private final NodeLeases leases = mock(NodeLeases.class);
    private final UseCases app = new UseCases(
            new UseCases.Ports(node.registry, node.directory, node.presenceBus, node.messageBus, leases,
                    mock(ClientGateway.class), mock(Authenticator.class), node.clock, node.scheduler,
                    node.telemetry),
            new UseCases.Settings(TestNode.IDENTITY, TestNode.GRACE, LEASE));

    UseCasesTest() {
        when(leases.renew(any())).thenReturn(done(false), done(true));
        when(leases.lapsed(any())).thenReturn(done(List.of()));
        // a reaping round reads the live and lapsed leases in one view, as the port's default does from the two
        when(leases.view(any())).thenAnswer(call -> {
            Instant now = call.getArgument(0);
            return leases.live(now).thenCombine(leases.lapsed(now), (live, lapsed) -> new LeaseView(now, live, lapsed));
        });
        when(leases.live(any())).thenReturn(done(List.of()));
        when(leases.leased()).thenReturn(done(Set.of()));
        when(leases.release(any())).thenReturn(done(true));
        when(node.directory.usersOn(any(NodeBoot.class), anyInt())).thenReturn(done(Set.of()));
        when(node.directory.bootsIn(anyInt())).thenReturn(done(Set.of()));
        when(node.directory.dueForExpiry(any(), any(Integer.class))).thenReturn(done(List.of()));
        when(node.directory.roomMembers(any())).thenReturn(done(Set.of()));
        when(node.directory.roomSize(any())).thenReturn(done(0L));
        when(node.directory.findAll(any())).thenReturn(done(List.of()));
    }

    @Test
    void when_the_grace_timer_fires_the_user_goes_offline_and_its_rooms_hear_it() {
        Session ann = value(app.connect().connect(new ConnectCommand(user("ann"), null)));
        value(app.join().join(new JoinCommand(ann, room("lobby"), RoomGrants.ALL)));
        value(app.disconnect().disconnect(ann));
        node.forgetInteractions();
        node.clock.advanceMillis(3_000);

        node.scheduler.runPending();

        assertThat(node.presence("ann")).isInstanceOf(Offline.class);
        assertThat(node.notices()).singleElement().satisfies(n -> {
            assertThat(n.room()).isEqualTo(room("lobby"));
            assertThat(n.state()).isEqualTo(PresenceState.OFFLINE);
            assertThat(n.at()).isEqualTo(at(3_000));
        });
    }

    @Test
    void start_beats_at_once_then_beats_reaps_reconciles_and_sweeps_grace_and_stop_ends_it_all() {
        value(app.housekeeping().start());

        verify(leases).renew(new NodeLease(new NodeBoot(TestNode.IDENTITY.node(), TestNode.IDENTITY.boot()), 0, at(0),
                at(15_000)));
        assertThat(node.scheduler.pending()).extracting(ManualScheduler.Task::delay).containsExactlyInAnyOrder(
                UseCases.Settings.MAX_HEARTBEAT_EVERY, UseCases.Settings.MAX_REAP_EVERY,
                UseCases.Settings.DEFAULT_RECONCILE_TICK, UseCases.Settings.SWEEP_EVERY,
                UseCases.Settings.DEFAULT_CROWD_TICK);
        assertThat(node.scheduler.pending()).allMatch(ManualScheduler.Task::periodic);
        node.scheduler.runPending();
        verify(leases).lapsed(at(0));
        verify(node.directory).usersOn(TestNode.IDENTITY_BOOT, 0);
        verify(node.directory).dueForExpiry(at(0), ExpireGraceService.SWEEP_BATCH);

        app.housekeeping().stop();

        assertThat(node.scheduler.pending()).isEmpty();
    }

    @Test
    void a_node_that_stops_holding_nothing_gives_its_lease_up_and_one_that_never_started_has_none_to_give() {
        value(app.housekeeping().stop());
        verify(leases, never()).release(any());

        value(app.housekeeping().start());
        value(app.housekeeping().stop());

        verify(leases).release(argThat(lease -> lease.id().equals(TestNode.IDENTITY_BOOT)));
    }

    @Test
    void a_node_that_stops_with_a_session_left_leaves_its_lease_to_lapse() {
        value(app.connect().connect(new ConnectCommand(user("ann"), null)));
        value(app.housekeeping().start());

        value(app.housekeeping().stop());

        verify(leases, never()).release(any());
    }

    @Test
    void a_round_of_housekeeping_that_throws_never_stops_the_schedule() {
        when(leases.lapsed(any())).thenThrow(new IllegalStateException("store answered nonsense"));
        value(app.housekeeping().start());

        node.scheduler.runPending();
        node.scheduler.runPending();

        assertThat(node.scheduler.pending()).hasSize(5);
        verify(node.telemetry, times(2)).housekeepingFailed(eq("reaping"), any(IllegalStateException.class));
    }

    @Test
    void a_first_heartbeat_that_fails_is_told_and_the_schedule_still_runs() {
        when(leases.renew(any())).thenReturn(CompletableFuture.failedFuture(new StoreUnavailableException("down")),
                done(true));

        assertThat(failure(app.housekeeping().start())).isInstanceOf(StoreUnavailableException.class);

        verify(node.telemetry).housekeepingFailed(eq("first heartbeat"), argThat(failure ->
                failure instanceof StoreUnavailableException || failure.getCause() instanceof StoreUnavailableException));
        assertThat(node.scheduler.pending()).hasSize(5);
    }

    @Test
    void a_restore_whose_lease_cannot_be_written_puts_the_sessions_back_and_tells_it() {
        when(leases.renew(any())).thenReturn(CompletableFuture.failedFuture(new StoreUnavailableException("down")));

        value(app.restore().restoreAll());

        verify(node.telemetry).housekeepingFailed(eq("renewing the lease before a restore"), argThat(failure ->
                failure instanceof StoreUnavailableException || failure.getCause() instanceof StoreUnavailableException));
    }

    @Test
    void a_crowd_flush_that_throws_is_told_and_the_schedule_goes_on() {
        Runnable flush = HousekeepingService.quietlyRun(node.telemetry, "crowd flush", () -> {
            throw new IllegalStateException("broken room");
        });

        flush.run();

        verify(node.telemetry).housekeepingFailed(eq("crowd flush"), any(IllegalStateException.class));
    }

    @Test
    void the_node_is_healthy_while_its_store_answers() {
        AtomicBoolean answers = new AtomicBoolean(true);
        UseCases.Ports ports = new UseCases.Ports(node.registry, node.directory, node.presenceBus, node.messageBus,
                leases, mock(ClientGateway.class), mock(Authenticator.class), node.clock, node.scheduler,
                node.telemetry, node.feed, ControlBus.NONE, answers::get);
        NodeHealthUseCase health = new UseCases(ports, new UseCases.Settings(TestNode.IDENTITY, TestNode.GRACE,
                LEASE)).health();

        assertThat(health.storeAvailable()).isTrue();
        answers.set(false);
        assertThat(health.storeAvailable()).isFalse();
    }

    @Test
    void a_short_lease_is_renewed_and_checked_three_times_per_lease() {
        UseCases.Settings settings = new UseCases.Settings(TestNode.IDENTITY, TestNode.GRACE,
                Duration.ofMillis(900));

        assertThat(settings.heartbeatEvery()).isEqualTo(Duration.ofMillis(300));
        assertThat(settings.reapEvery()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void a_room_refused_at_the_join_is_a_room_the_session_is_not_in_for_who_say_and_leave() {
        UseCases closed = new UseCases(
                new UseCases.Ports(node.registry, node.directory, node.presenceBus, node.messageBus, leases,
                        mock(ClientGateway.class), mock(Authenticator.class), node.clock, node.scheduler,
                        node.telemetry),
                new UseCases.Settings(TestNode.IDENTITY, TestNode.GRACE, LEASE).withRoomsOpen(false));
        Session ann = value(closed.connect().connect(new ConnectCommand(user("ann"), null)));
        RoomGrants teamOne = RoomGrants.of(List.of("team:1:*"));

        Throwable joined = failure(closed.join().join(new JoinCommand(ann, room("dm:bob:cy"), teamOne)));
        Throwable who = failure(closed.who().who(new WhoCommand(ann, room("dm:bob:cy"))));
        Throwable said = failure(closed.say().say(new SayCommand(ann, room("dm:bob:cy"), "hello")));
        Throwable left = failure(closed.leave().leave(new RoomCommand(ann, room("dm:bob:cy"))));

        assertThat(joined).isInstanceOfSatisfying(PresenceRejectedException.class,
                e -> assertThat(e.rejection()).isEqualTo(Rejection.FORBIDDEN));
        assertThat(List.of(who, said, left)).allSatisfy(f -> assertThat(f).isInstanceOfSatisfying(
                PresenceRejectedException.class, e -> assertThat(e.rejection()).isEqualTo(Rejection.NOT_MEMBER)));
        verify(node.messageBus, never()).publish(any());
    }

    private UseCases.Ports portsWithFeed() {
        return new UseCases.Ports(node.registry, node.directory, node.presenceBus, node.messageBus, leases,
                mock(ClientGateway.class), mock(Authenticator.class), node.clock, node.scheduler, node.telemetry,
                node.feed, ControlBus.NONE);
    }

    @Test
    void the_event_log_is_delivered_from_this_node_while_housekeeping_runs_and_handed_on_when_it_stops() {
        InMemoryEventLog log = new InMemoryEventLog();
        InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger(node.clock);
        RecordingSink sink = new RecordingSink("https://hooks.example/roster");
        UseCases delivering = new UseCases(portsWithFeed().withEvents(log, ledger, sink),
                new UseCases.Settings(TestNode.IDENTITY, TestNode.GRACE, LEASE));
        assertThat(delivering.eventDelivery().enabled()).isTrue();

        value(delivering.housekeeping().start());
        log.appendOnline("ann", node.clock.now());

        assertThat(ledger.holder()).isEqualTo(TestNode.IDENTITY.toString()).isEqualTo("node-a boot-1");
        assertThat(sink.ids()).containsExactly(List.of("1"));
        assertThat(node.scheduler.pending()).extracting(ManualScheduler.Task::delay)
                .contains(DeliverySettings.DEFAULT.renewEvery());
        assertThat(value(delivering.eventDelivery().status()).delivered()).isEqualTo("1");

        delivering.housekeeping().stop();

        assertThat(ledger.holder()).isNull();
        assertThat(node.scheduler.pending()).isEmpty();
    }

    @Test
    void without_a_sink_nothing_is_delivered_and_the_log_read_is_the_port_s() {
        InMemoryEventLog log = new InMemoryEventLog();
        log.appendOnline("ann", node.clock.now());
        UseCases reading = new UseCases(portsWithFeed().withEvents(log, null, null),
                new UseCases.Settings(TestNode.IDENTITY, TestNode.GRACE, LEASE));

        value(reading.housekeeping().start());

        assertThat(reading.eventDelivery().enabled()).isFalse();
        assertThat(value(reading.readEvents().read(null, 10))).extracting(LoggedEvent::id).containsExactly("1");
        assertThat(value(app.readEvents().latest(10))).as("a node without a log reads none").isEmpty();
        assertThat(app.eventDelivery().enabled()).isFalse();
        assertThat(node.scheduler.pending()).hasSize(5);
    }

    @Test
    void presence_changes_reach_the_operators_by_the_event_log_not_one_activity_each() {
        UseCases withFeed = new UseCases(portsWithFeed(), new UseCases.Settings(TestNode.IDENTITY, TestNode.GRACE,
                LEASE));

        Session ann = value(withFeed.connect().connect(new ConnectCommand(user("ann"), null)));
        value(withFeed.join().join(new JoinCommand(ann, room("lobby"), RoomGrants.ALL)));
        value(withFeed.disconnect().disconnect(ann));

        verifyNoInteractions(node.feed);
    }

    @Test
    void a_sink_needs_a_ledger_and_each_port_or_setting_changed_keeps_the_others() {
        UseCases.Ports ports = portsWithFeed();
        InMemoryEventLog log = new InMemoryEventLog();
        InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger(node.clock);
        RecordingSink sink = new RecordingSink("sink");

        assertThatThrownBy(() -> ports.withEvents(log, null, sink)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ports.withEvents(null, null, null)).isInstanceOf(NullPointerException.class);
        assertThat(ports.eventLog()).isSameAs(EventLog.NONE);
        assertThat(ports.ledger()).isNull();
        assertThat(ports.sink()).isNull();
        UseCases.Ports both = ports.withEvents(log, ledger, sink).withAuthorizer(RoomAuthorizer.NONE);
        assertThat(both.eventLog()).isSameAs(log);
        assertThat(both.ledger()).isSameAs(ledger);
        assertThat(both.sink()).isSameAs(sink);

        DeliverySettings delivery = new DeliverySettings(10, 3, Duration.ofMillis(100), Duration.ofSeconds(1),
                Duration.ofSeconds(3));
        UseCases.Settings settings = new UseCases.Settings(TestNode.IDENTITY, TestNode.GRACE, LEASE);
        assertThat(settings.delivery()).isEqualTo(DeliverySettings.DEFAULT);
        assertThat(settings.withDelivery(delivery).withRoomsOpen(true).withLimits(Limits.DEFAULT).delivery())
                .isEqualTo(delivery);
        assertThatThrownBy(() -> settings.withDelivery(null)).isInstanceOf(NullPointerException.class);
    }
}
