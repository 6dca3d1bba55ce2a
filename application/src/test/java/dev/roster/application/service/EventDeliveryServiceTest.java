package dev.roster.application.service;

import static dev.roster.application.fixtures.Stages.failure;
import static dev.roster.application.fixtures.Stages.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import dev.roster.application.fixtures.FixedClock;
import dev.roster.application.fixtures.InMemoryDeliveryLedger;
import dev.roster.application.fixtures.InMemoryEventLog;
import dev.roster.application.fixtures.ManualScheduler;
import dev.roster.application.fixtures.RecordingSink;
import dev.roster.application.port.in.EventDeliveryUseCase.DeliveryStatus;
import dev.roster.domain.DeadLetter;
import dev.roster.application.port.out.Telemetry;
import dev.roster.domain.StoreUnavailableException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventDeliveryServiceTest {
    private static final DeliverySettings SETTINGS = new DeliverySettings(2, 1, Duration.ofSeconds(1),
            Duration.ofSeconds(1), Duration.ofSeconds(9));

    private final FixedClock clock = new FixedClock();
    private final InMemoryEventLog log = new InMemoryEventLog();
    private final InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger(clock);
    private final RecordingSink sink = new RecordingSink("https://hooks.example/roster");
    private final EventDeliveryService delivery = new EventDeliveryService(ledger, sink, new Deliverer(ledger, log,
            sink, clock, new ManualScheduler(), mock(Telemetry.class), SETTINGS, "node-a boot-1", () -> 1.0));

    @Test
    void the_status_says_where_delivery_stands_across_the_cluster_and_the_last_failure_this_node_saw() {
        delivery.start();
        for (int i = 0; i < 3; i++) {
            log.appendOnline("user-" + i, clock.now());
        }
        sink.refuseNext(1, "HTTP 502");
        clock.advanceMillis(1_500);
        log.appendOnline("late", clock.now());

        DeliveryStatus status = value(delivery.status());

        assertThat(delivery.enabled()).isTrue();
        assertThat(status).isEqualTo(new DeliveryStatus("https://hooks.example/roster", "node-a boot-1", "4", 1,
                "HTTP 502", clock.now()));
    }

    @Test
    void dead_letters_are_listed_newest_first_within_1_to_1000() {
        delivery.start();
        sink.refuse("HTTP 500");
        log.appendOnline("ann", clock.now());
        log.appendOnline("bob", clock.now());

        List<DeadLetter> letters = value(delivery.deadLetters(1));

        assertThat(letters).singleElement().satisfies(l -> assertThat(l.lastId()).isEqualTo("2"));
        assertThat(value(delivery.deadLetters(1000))).extracting(DeadLetter::lastId).containsExactly("2", "1");
        assertThat(failure(delivery.deadLetters(0))).isInstanceOf(IllegalArgumentException.class);
        assertThat(failure(delivery.deadLetters(1001))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_ledger_that_does_not_answer_fails_the_status() {
        ledger.unavailableFor(2);

        assertThat(failure(delivery.status())).isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void without_a_sink_nothing_is_delivered_nor_started_and_the_status_says_so() {
        EventDeliveryService none = new EventDeliveryService(null, null, null);

        none.start();
        none.stop();

        assertThat(none.enabled()).isFalse();
        assertThat(value(none.status())).isEqualTo(new DeliveryStatus(null, null, null, 0, null, null));
        assertThat(value(none.deadLetters(10))).isEmpty();
        assertThat(failure(none.deadLetters(0))).isInstanceOf(IllegalArgumentException.class);
    }
}
