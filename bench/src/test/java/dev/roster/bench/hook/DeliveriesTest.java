package dev.roster.bench.hook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import dev.roster.bench.report.Latency;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveriesTest {
    private static final long AT = 1_733_500_000_000L;
    private static final long AT_NANOS = AT * 1_000_000L;

    private final Deliveries deliveries = new Deliveries("run-");

    private static HookEvent event(String id, String type, String user, long at, String room) {
        return new HookEvent(id, type, user, at, room);
    }

    @Test
    void measures_each_events_lag_from_its_at_to_the_receipt() {
        deliveries.record(List.of(
                event("1", "user.online", "run-0", AT, null),
                event("2", "room.joined", "run-0", AT + 2, "r")), AT_NANOS + 7_000_000L);

        assertThat(deliveries.lag().count()).isEqualTo(2);
        assertThat(deliveries.lag().summary().max()).isCloseTo(7_000, within(10.0));
        assertThat(deliveries.lag().summary().p50()).isCloseTo(5_000, within(10.0));
        assertThat(deliveries.roomLag().count()).isEqualTo(1);
        assertThat(deliveries.roomLag().summary().max()).isCloseTo(5_000, within(10.0));
        assertThat(deliveries.events()).isEqualTo(2);
        assertThat(deliveries.roomEvents()).isEqualTo(1);
        assertThat(deliveries.lagByType()).extracting(Latency::name)
                .containsExactly("room.joined at->receipt", "user.online at->receipt");
        assertThat(deliveries.lagByType().get(1).summary().max()).isCloseTo(7_000, within(10.0));
    }

    @Test
    void counts_a_second_arrival_of_an_id_as_a_double_and_nothing_else() {
        List<HookEvent> batch = List.of(event("1", "room.joined", "run-0", AT, "r"));
        deliveries.record(batch, AT_NANOS);
        deliveries.record(batch, AT_NANOS + 1_000_000L);

        assertThat(deliveries.duplicates()).isEqualTo(1);
        assertThat(deliveries.events()).isEqualTo(1);
        assertThat(deliveries.lag().count()).isEqualTo(1);
        assertThat(deliveries.outOfOrder()).isZero();
        assertThat(deliveries.batches()).isEqualTo(2);
    }

    @Test
    void events_of_other_users_are_only_counted() {
        deliveries.record(List.of(event("1", "room.joined", "earlier-0", AT, "r"),
                event("2", "user.offline", "earlier-0", AT, null)), AT_NANOS);

        assertThat(deliveries.others()).isEqualTo(2);
        assertThat(deliveries.events()).isZero();
        assertThat(deliveries.offline()).isZero();
        assertThat(deliveries.lag().count()).isZero();
    }

    @Test
    void joins_and_leaves_of_a_user_alternate_in_each_room() {
        deliveries.record(List.of(
                event("1", "room.joined", "run-0", AT, "a"),
                event("2", "room.joined", "run-0", AT, "b"),
                event("3", "room.left", "run-0", AT + 1, "a"),
                event("4", "room.joined", "run-0", AT + 1, "a"),
                event("5", "room.joined", "run-1", AT, "a")), AT_NANOS);
        assertThat(deliveries.outOfOrder()).isZero();

        deliveries.record(List.of(event("6", "room.joined", "run-0", AT + 2, "b")), AT_NANOS);
        deliveries.record(List.of(event("7", "room.left", "run-1", AT + 2, "b")), AT_NANOS);

        assertThat(deliveries.outOfOrder()).isEqualTo(2);
    }

    @Test
    void an_event_older_than_one_its_user_already_had_is_out_of_order() {
        deliveries.record(List.of(event("1", "user.online", "run-0", AT + 5, null)), AT_NANOS);
        deliveries.record(List.of(event("2", "session.opened", "run-0", AT + 4, null),
                event("3", "session.opened", "run-1", AT + 1, null)), AT_NANOS);

        assertThat(deliveries.outOfOrder()).isEqualTo(1);
    }

    @Test
    void tallies_types_offline_users_and_batch_sizes() {
        deliveries.record(List.of(event("1", "user.offline", "run-0", AT, null),
                event("2", "user.offline", "run-1", AT, null),
                event("3", "session.closed", "run-1", AT, null)), AT_NANOS);
        deliveries.record(List.of(event("4", "session.closed", "run-0", AT, null)), AT_NANOS + 2_000_000_000L);

        assertThat(deliveries.offline()).isEqualTo(2);
        assertThat(deliveries.types()).containsExactly(entry("session.closed", 2L), entry("user.offline", 2L));
        assertThat(deliveries.largestBatch()).isEqualTo(3);
        assertThat(deliveries.receivingSeconds()).isCloseTo(2.0, within(1e-9));
    }
}
