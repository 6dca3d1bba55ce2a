package dev.roster.application.service;

import static dev.roster.application.fixtures.Stages.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import dev.roster.application.fixtures.FixedClock;
import dev.roster.application.fixtures.InMemoryDeliveryLedger;
import dev.roster.application.fixtures.InMemoryEventLog;
import dev.roster.application.fixtures.ManualScheduler;
import dev.roster.application.fixtures.RecordingSink;
import dev.roster.domain.DeadLetter;
import dev.roster.application.port.out.EventLog;
import dev.roster.application.port.out.Telemetry;
import dev.roster.domain.LoggedEvent;
import dev.roster.domain.StoreUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.DoubleSupplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The delivery of the event log, driven by hand: the fakes answer at once, the test moves the clock and runs each
 * node's scheduled tasks (the lease renewals, the retries) when it wants.
 */
class DelivererTest {
    /** Batches of 3, 4 tries 1 s to 5 s apart, a lease of 9 s renewed every 3 s. */
    private static final DeliverySettings SETTINGS = new DeliverySettings(3, 4, Duration.ofSeconds(1),
            Duration.ofSeconds(5), Duration.ofSeconds(9));
    /** Waits as long as the backoff says, no shorter. */
    private static final DoubleSupplier NO_JITTER = () -> 1.0;

    private final FixedClock clock = new FixedClock();
    private final InMemoryEventLog log = new InMemoryEventLog();
    private final InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger(clock);

    /** One node delivering: its own scheduler, sink and telemetry, the cluster's log, ledger and clock. */
    private final class Node {
        final String name;
        final ManualScheduler scheduler = new ManualScheduler();
        final RecordingSink sink;
        final Telemetry telemetry = mock(Telemetry.class);
        final NodeLog view = new NodeLog(log);
        final Deliverer deliverer;

        Node(String name, DeliverySettings settings, DoubleSupplier random) {
            this.name = name;
            this.sink = new RecordingSink("sink of " + name);
            this.deliverer = new Deliverer(ledger, view, sink, clock, scheduler, telemetry, settings, name, random);
        }

        Node(String name) {
            this(name, SETTINGS, NO_JITTER);
        }

        Node start() {
            deliverer.start();
            return this;
        }

        /** The lease is renewed, or claimed, as every {@code renewEvery}. */
        void renew() {
            scheduler.runPending(ManualScheduler.Task::periodic);
        }

        /** The wait before the next try, run out: the batch is tried again. Returns how long it was. */
        Duration retry() {
            ManualScheduler.Task wait = retryWait();
            scheduler.runPending(t -> t == wait);
            return wait.delay();
        }

        ManualScheduler.Task retryWait() {
            List<ManualScheduler.Task> waits = scheduler.pending().stream().filter(t -> !t.periodic()).toList();
            assertThat(waits).as("one try waits at a time").hasSize(1);
            return waits.get(0);
        }

        List<String> delivered() {
            return sink.ids().stream().flatMap(List::stream).toList();
        }
    }

    /** The log as one node sees it: a node that dies hears no more of it. */
    private static final class NodeLog implements EventLog {
        private final EventLog log;
        private volatile boolean dead;

        NodeLog(EventLog log) {
            this.log = log;
        }

        @Override
        public CompletionStage<LoggedEvent> append(LoggedEvent event) {
            return log.append(event);
        }

        @Override
        public CompletionStage<List<LoggedEvent>> read(String after, int limit) {
            return log.read(after, limit);
        }

        @Override
        public CompletionStage<List<LoggedEvent>> latest(int limit) {
            return log.latest(limit);
        }

        @Override
        public AutoCloseable onAppended(Runnable signal) {
            return log.onAppended(() -> {
                if (!dead) {
                    signal.run();
                }
            });
        }
    }

    private void append(int count) {
        for (int i = 0; i < count; i++) {
            log.appendOnline("user-" + i, clock.now());
        }
    }

    private static List<String> ids(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(String::valueOf).toList();
    }

    @Test
    void delivers_the_log_oldest_first_in_batches_of_at_most_the_batch_size_and_records_each() {
        append(7);
        List<LoggedEvent> events = log.all();

        Node a = new Node("a").start();

        assertThat(a.sink.ids()).containsExactly(ids(1, 3), ids(4, 6), ids(7, 7));
        assertThat(ledger.moves()).containsExactly("3", "6", "7");
        var inOrder = inOrder(a.telemetry);
        inOrder.verify(a.telemetry).eventsDelivered(events.subList(0, 3), clock.now());
        inOrder.verify(a.telemetry).eventsDelivered(events.subList(3, 6), clock.now());
        inOrder.verify(a.telemetry).eventsDelivered(events.subList(6, 7), clock.now());
    }

    @Test
    void what_is_appended_later_is_delivered_when_the_log_signals_without_waiting_for_a_renewal() {
        Node a = new Node("a").start();

        append(1);
        append(2);

        assertThat(a.sink.ids()).containsExactly(ids(1, 1), ids(2, 2), ids(3, 3));
        assertThat(ledger.delivered()).isEqualTo("3");
    }

    @Test
    void a_signal_that_comes_while_a_read_is_under_way_is_read_after_it() {
        log.holdReads();
        Node a = new Node("a").start();

        append(1);
        log.releaseReads();

        assertThat(a.sink.ids()).as("the read under way found nothing, the next one finds the event")
                .containsExactly(ids(1, 1));
    }

    @Test
    void a_refused_batch_is_tried_again_after_waits_that_double_up_to_the_cap_and_then_parked() {
        Node a = new Node("a", new DeliverySettings(3, 6, Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofSeconds(9)), NO_JITTER).start();
        a.sink.refuse("HTTP 503");
        append(1);

        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waits.add(a.retry());
        }

        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(5), Duration.ofSeconds(5));
        assertThat(a.sink.ids()).hasSize(6).containsOnly(ids(1, 1));
        verify(a.telemetry, times(6)).deliveryFailed("HTTP 503");
        assertThat(a.scheduler.pending()).as("parked after the sixth try: nothing waits").allMatch(
                ManualScheduler.Task::periodic);
        verify(a.telemetry).deliveryParked(1);
    }

    @Test
    void each_wait_is_shortened_at_random_by_at_most_half() {
        DeliverySettings settings = new DeliverySettings(3, 12, Duration.ofSeconds(1), Duration.ofSeconds(60),
                Duration.ofSeconds(9));
        Node a = new Node("a", settings, new Random(7)::nextDouble).start();
        a.sink.refuse("HTTP 503");
        append(1);

        List<Duration> waits = new ArrayList<>();
        for (int failures = 1; failures < 12; failures++) {
            Duration wait = a.retry();
            Duration backoff = settings.backoff(failures);
            assertThat(wait).as("wait after %s failures", failures)
                    .isBetween(backoff.dividedBy(2), backoff);
            waits.add(wait);
        }
        assertThat(waits).as("jittered").isNotEqualTo(IntStream.range(1, 12).mapToObj(settings::backoff).toList());
    }

    @Test
    void the_shortest_wait_is_half_the_backoff() {
        Node a = new Node("a", SETTINGS, () -> 0.0).start();
        a.sink.refuse("HTTP 503");
        append(1);

        assertThat(List.of(a.retry(), a.retry(), a.retry())).containsExactly(Duration.ofMillis(500),
                Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void a_batch_refused_max_tries_times_is_parked_with_its_last_failure_and_the_next_batch_goes() {
        append(5);
        Node a = new Node("a");
        a.sink.refuseNext(3, "HTTP 500");
        a.sink.refuseNext(1, "timeout");
        a.start();
        a.retry();
        a.retry();
        clock.advanceMillis(4_000);
        Instant parkedAt = clock.now();

        a.retry();

        assertThat(value(ledger.deadLetters(10))).containsExactly(
                new DeadLetter(log.all().subList(0, 3), "timeout", 4, parkedAt));
        verify(a.telemetry).deliveryParked(3);
        assertThat(a.sink.ids()).containsExactly(ids(1, 3), ids(1, 3), ids(1, 3), ids(1, 3), ids(4, 5));
        assertThat(ledger.moves()).containsExactly("3", "5");
        assertThat(a.deliverer.lastFailure()).isEqualTo(new Deliverer.Failure("timeout", parkedAt));
    }

    @Test
    void a_node_whose_lease_lapsed_mid_delivery_records_nothing_when_the_sink_answers_and_delivers_no_more() {
        Node a = new Node("a").start();
        Node b = new Node("b");
        CompletableFuture<Void> answer = a.sink.holdNext();
        append(1);
        clock.advance(SETTINGS.lease());
        b.start();
        append(1);

        answer.complete(null);
        append(1);
        a.renew();
        append(1);

        assertThat(a.sink.ids()).containsExactly(ids(1, 1));
        assertThat(b.sink.ids()).containsExactly(ids(1, 1), ids(2, 2), ids(3, 3), ids(4, 4));
        assertThat(ledger.moves()).as("the first node's answer moved nothing").containsExactly("1", "2", "3", "4");
    }

    @Test
    void a_node_the_ledger_says_lost_its_lease_records_nothing_and_delivers_no_more_though_its_lease_seems_valid() {
        Node a = new Node("a").start();
        Node b = new Node("b");
        CompletableFuture<Void> answer = a.sink.holdNext();
        append(1);
        ledger.dropLease();
        b.start();

        answer.complete(null);
        append(1);

        assertThat(a.sink.ids()).containsExactly(ids(1, 1));
        assertThat(b.sink.ids()).containsExactly(ids(1, 1), ids(2, 2));
        assertThat(ledger.moves()).containsExactly("1", "2");
        assertThat(ledger.holder()).isEqualTo("b");
    }

    @Test
    void a_node_that_was_paused_while_another_delivered_goes_on_from_the_ledger_s_position() {
        Node a = new Node("a").start();
        append(1);
        a.view.dead = true;
        ledger.dropLease();
        Node b = new Node("b").start();
        append(2);
        b.deliverer.stop();
        a.view.dead = false;

        a.renew();
        append(1);

        assertThat(a.sink.ids()).containsExactly(ids(1, 1), ids(4, 4));
        assertThat(b.sink.ids()).containsExactly(ids(2, 2), ids(3, 3));
    }

    @Test
    void a_node_that_finds_at_its_renewal_that_another_holds_the_lease_drops_the_batch_in_flight() {
        Node a = new Node("a").start();
        Node b = new Node("b");
        CompletableFuture<Void> answer = a.sink.holdNext();
        append(1);
        clock.advance(SETTINGS.lease());
        b.start();

        a.renew();
        answer.completeExceptionally(new StoreUnavailableException("late"));
        append(1);

        assertThat(a.sink.ids()).containsExactly(ids(1, 1));
        assertThat(a.scheduler.pending()).as("no try waits").allMatch(ManualScheduler.Task::periodic);
        verify(a.telemetry, never()).deliveryFailed(anyString());
        verify(a.telemetry, never()).eventsDelivered(any(), any());
        assertThat(b.sink.ids()).containsExactly(ids(1, 1), ids(2, 2));
    }

    @Test
    void a_node_that_could_not_renew_delivers_nothing_once_its_lease_ran_out_and_goes_on_once_it_claims_it_again() {
        Node a = new Node("a").start();
        clock.advance(SETTINGS.lease());

        append(1);
        assertThat(a.sink.batches()).as("the lease ran out: nobody delivers").isEmpty();
        a.renew();

        assertThat(a.sink.ids()).containsExactly(ids(1, 1));
    }

    @Test
    void a_batch_waiting_to_be_tried_again_is_not_tried_once_the_lease_ran_out() {
        Node a = new Node("a").start();
        a.sink.refuseNext(1, "HTTP 503");
        append(1);
        ManualScheduler.Task wait = a.retryWait();
        clock.advance(SETTINGS.lease());

        a.scheduler.runPending(t -> t == wait);
        Node b = new Node("b").start();

        assertThat(a.sink.ids()).containsExactly(ids(1, 1));
        assertThat(b.sink.ids()).containsExactly(ids(1, 1));
    }

    @Test
    void an_answer_from_before_the_lease_was_taken_anew_is_dropped() {
        append(2);
        log.holdReads();
        Node a = new Node("a").start();
        // meanwhile the store lost the lease, and another node took it, delivered both events and let it go
        ledger.dropLease();
        value(ledger.claim("x", SETTINGS.lease()));
        value(ledger.advance("x", "2"));
        value(ledger.release("x"));
        a.renew();

        log.releaseReads();
        append(1);

        assertThat(a.sink.ids()).as("what the read from before found was delivered by the other node")
                .containsExactly(ids(3, 3));
    }

    @Test
    void two_nodes_on_one_ledger_never_deliver_an_event_twice_and_the_second_goes_on_where_the_first_stopped() {
        Node a = new Node("a").start();
        Node b = new Node("b").start();
        for (int round = 0; round < 5; round++) {
            append(2);
            clock.advance(SETTINGS.renewEvery());
            a.renew();
            b.renew();
        }
        assertThat(a.delivered()).isEqualTo(ids(1, 10));
        assertThat(b.sink.batches()).isEmpty();

        a.deliverer.stop();
        b.renew();
        append(4);

        assertThat(b.delivered()).isEqualTo(ids(11, 14));
        assertThat(Stream.concat(a.delivered().stream(), b.delivered().stream()).toList()).isEqualTo(ids(1, 14));
    }

    @Test
    void when_the_holder_dies_another_node_goes_on_from_its_position_once_its_lease_lapsed() {
        Node a = new Node("a").start();
        Node b = new Node("b").start();
        append(3);
        a.view.dead = true;

        append(2);
        clock.advance(SETTINGS.lease().minusMillis(1));
        b.renew();
        assertThat(b.sink.batches()).as("the lease has not lapsed yet").isEmpty();
        clock.advanceMillis(1);
        b.renew();

        assertThat(a.delivered()).isEqualTo(ids(1, 3));
        assertThat(b.sink.ids()).containsExactly(ids(4, 5));
    }

    @Test
    void a_position_the_log_no_longer_keeps_is_a_gap_told_and_delivery_starts_again_from_the_oldest_kept() {
        value(ledger.claim("before", SETTINGS.lease()));
        value(ledger.advance("before", "2"));
        value(ledger.release("before"));
        append(8);
        log.keepOnly(4);

        Node a = new Node("a").start();

        verify(a.telemetry).deliveryGap();
        assertThat(a.sink.ids()).containsExactly(ids(5, 7), ids(8, 8));
        assertThat(ledger.moves()).containsExactly("2", null, "7", "8");
    }

    @Test
    void a_ledger_that_forgot_the_position_is_told_as_a_gap_and_delivery_starts_from_the_oldest_kept() {
        Node a = new Node("a").start();
        append(2);
        assertThat(a.delivered()).containsExactly("1", "2");

        ledger.forget();
        a.renew();
        append(1);

        verify(a.telemetry).deliveryGap();
        assertThat(a.delivered()).containsExactly("1", "2", "1", "2", "3");
    }

    @Test
    void stop_lets_the_lease_go_so_that_another_node_delivers_at_once() {
        Node a = new Node("a").start();
        assertThat(ledger.holder()).isEqualTo("a");

        a.deliverer.stop();

        assertThat(ledger.holder()).isNull();
        assertThat(a.scheduler.pending()).isEmpty();
        assertThat(log.listeners()).isZero();
        Node b = new Node("b").start();
        append(1);
        assertThat(ledger.holder()).isEqualTo("b");
        assertThat(b.sink.ids()).containsExactly(ids(1, 1));
        assertThat(a.sink.batches()).isEmpty();
    }

    @Test
    void stop_waits_for_the_batch_the_sink_is_taking_records_it_and_only_then_lets_the_lease_go() {
        Node a = new Node("a").start();
        CompletableFuture<Void> answer = a.sink.holdNext();
        append(1);

        CompletionStage<Void> stopped = a.deliverer.stop();

        assertThat(stopped).as("the batch in hand is not answered yet").isNotCompleted();
        assertThat(ledger.holder()).isEqualTo("a");
        answer.complete(null);
        assertThat(stopped).isCompleted();
        assertThat(ledger.holder()).isNull();
        assertThat(ledger.moves()).as("the batch the sink took is recorded before the lease goes").containsExactly("1");
        Node b = new Node("b").start();
        append(1);
        assertThat(b.sink.ids()).as("the next holder does not send it again").containsExactly(ids(2, 2));
    }

    @Test
    void stop_while_the_sink_refuses_the_batch_in_hand_lets_the_lease_go_and_the_next_holder_sends_it() {
        Node a = new Node("a").start();
        CompletableFuture<Void> answer = a.sink.holdNext();
        append(1);

        CompletionStage<Void> stopped = a.deliverer.stop();
        answer.completeExceptionally(new dev.roster.application.port.out.DeliveryFailedException("http_5xx"));

        assertThat(stopped).isCompleted();
        assertThat(a.scheduler.pending()).as("no try is left waiting").isEmpty();
        assertThat(ledger.holder()).isNull();
        Node b = new Node("b").start();
        assertThat(b.sink.ids()).containsExactly(ids(1, 1));
    }

    @Test
    void stop_while_a_batch_waits_for_its_next_try_lets_the_lease_go_at_once() {
        Node a = new Node("a").start();
        a.sink.refuseNext(1, "timeout");
        append(1);

        CompletionStage<Void> stopped = a.deliverer.stop();

        assertThat(stopped).isCompleted();
        assertThat(a.scheduler.pending()).isEmpty();
        assertThat(ledger.holder()).isNull();
    }

    @Test
    void a_lease_that_cannot_be_claimed_is_told_and_claimed_at_the_next_renewal() {
        append(1);
        ledger.unavailableFor(1);

        Node a = new Node("a").start();
        assertThat(a.sink.batches()).isEmpty();
        verify(a.telemetry).housekeepingFailed(eq(Deliverer.CLAIM_JOB), any(StoreUnavailableException.class));
        a.renew();

        assertThat(a.sink.ids()).containsExactly(ids(1, 1));
    }

    @Test
    void a_log_that_cannot_be_read_is_told_and_read_at_the_next_renewal() {
        append(1);
        log.down(true);

        Node a = new Node("a").start();
        verify(a.telemetry).housekeepingFailed(eq(Deliverer.JOB), any(StoreUnavailableException.class));
        log.down(false);
        a.renew();

        assertThat(a.sink.ids()).containsExactly(ids(1, 1));
    }

    @Test
    void a_delivery_the_ledger_could_not_record_is_recorded_at_the_next_renewal_not_delivered_again() {
        Node a = new Node("a").start();
        ledger.unavailableFor(1);
        append(1);
        verify(a.telemetry).housekeepingFailed(eq(Deliverer.JOB), any(StoreUnavailableException.class));
        assertThat(ledger.delivered()).isNull();

        a.renew();
        append(1);

        assertThat(ledger.moves()).containsExactly("1", "2");
        assertThat(a.sink.ids()).containsExactly(ids(1, 1), ids(2, 2));
    }

    @Test
    void a_stopped_node_delivers_nothing_and_can_start_again() {
        Node a = new Node("a").start();
        a.deliverer.stop();
        a.deliverer.stop();
        append(1);
        assertThat(a.sink.batches()).isEmpty();

        a.start();

        assertThat(a.sink.ids()).containsExactly(ids(1, 1));
        assertThat(a.scheduler.pending()).hasSize(1);
    }

    @Test
    void renewals_come_every_third_of_the_lease() {
        Node a = new Node("a").start();

        assertThat(a.scheduler.pending()).singleElement().satisfies(t -> {
            assertThat(t.periodic()).isTrue();
            assertThat(t.delay()).isEqualTo(Duration.ofSeconds(3));
        });
        verify(a.telemetry, never()).deliveryParked(anyInt());
    }
}
