package dev.roster.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.bench.proto.Frames;
import dev.roster.bench.report.Latency;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PresenceOpsTest {
    private final Frames frames = new Frames(new ObjectMapper());
    private final Latency delivery = new Latency("delivery");
    private final PresenceOps ops = new PresenceOps(2, 2, delivery, Duration.ofHours(1));

    @Test
    void a_joiner_alternates_join_and_leave_once_every_watcher_saw_the_last_op() {
        assertThat(ops.next(0, "lobby", frames)).contains("\"type\":\"join\"");
        ops.seen(0, "pl-join-0", "online");
        ops.seen(1, "pl-join-0", "online");

        assertThat(ops.next(0, "lobby", frames)).contains("\"type\":\"leave\"");
        assertThat(delivery.count()).isEqualTo(2);
        assertThat(ops.sent()).isEqualTo(2);
    }

    @Test
    void the_next_op_is_skipped_while_a_watcher_still_waits_for_the_last() {
        ops.next(0, "lobby", frames);
        ops.seen(0, "pl-join-0", "online");

        assertThat(ops.next(0, "lobby", frames)).isNull();
        assertThat(ops.skipped()).isEqualTo(1);
        assertThat(ops.lost()).isEqualTo(1);
    }

    @Test
    void frames_that_do_not_answer_an_op_in_flight_are_not_counted() {
        ops.next(1, "lobby", frames);
        ops.seen(0, "pl-join-1", "offline");
        ops.seen(0, "pl-watch-3", "online");
        ops.seen(0, null, "online");

        assertThat(delivery.count()).isZero();
        assertThat(ops.lost()).isEqualTo(2);
    }

    @Test
    void a_watcher_seeing_the_same_op_twice_is_a_duplicate() {
        ops.next(0, "lobby", frames);
        ops.seen(1, "pl-join-0", "busy");
        ops.seen(1, "pl-join-0", "online");

        assertThat(delivery.count()).isEqualTo(1);
        assertThat(ops.duplicates()).isEqualTo(1);
    }

    @Test
    void an_op_unseen_past_the_give_up_time_is_lost_and_the_joiner_moves_on() {
        PresenceOps impatient = new PresenceOps(1, 2, delivery, Duration.ZERO);
        impatient.next(0, "lobby", frames);
        impatient.seen(0, "pl-join-0", "online");

        assertThat(impatient.next(0, "lobby", frames)).contains("\"type\":\"leave\"");
        assertThat(impatient.skipped()).isZero();
        assertThat(impatient.lost()).isEqualTo(1 + 2);
    }
}
