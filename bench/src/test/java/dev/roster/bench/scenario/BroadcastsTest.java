package dev.roster.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.bench.report.Latency;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class BroadcastsTest {
    private final Latency each = new Latency("each");
    private final Broadcasts broadcasts = new Broadcasts(2, 3, each);

    @Test
    void a_message_is_done_when_every_member_has_it() {
        CompletableFuture<Long> done = broadcasts.send(1);
        broadcasts.received(Broadcasts.text(1));
        broadcasts.received(Broadcasts.text(1));
        assertThat(done).isNotDone();

        broadcasts.received(Broadcasts.text(1));

        assertThat(done).isCompleted();
        assertThat(broadcasts.delivered()).isEqualTo(3);
        assertThat(each.count()).isEqualTo(3);
    }

    @Test
    void texts_that_are_not_this_runs_messages_are_ignored() {
        broadcasts.received("hello");
        broadcasts.received(null);
        broadcasts.received("fanout 7");
        broadcasts.received("fanout x");

        assertThat(broadcasts.delivered()).isZero();
    }

    @Test
    void the_text_names_the_message() {
        assertThat(Broadcasts.parse(Broadcasts.text(42))).isEqualTo(42);
        assertThat(Broadcasts.parse("fanout -")).isEqualTo(-1);
    }
}
