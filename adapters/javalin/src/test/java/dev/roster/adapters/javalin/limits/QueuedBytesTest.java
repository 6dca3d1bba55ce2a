package dev.roster.adapters.javalin.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QueuedBytesTest {

    @Test
    void counts_up_to_the_bound_and_refuses_what_would_go_over_it_without_counting_it() {
        QueuedBytes queued = new QueuedBytes(100);
        assertThat(queued.add(60)).isTrue();
        assertThat(queued.add(40)).isTrue();
        assertThat(queued.add(1)).isFalse();
        assertThat(queued.queued()).isEqualTo(100);

        queued.remove(60);
        assertThat(queued.add(50)).isTrue();
        assertThat(queued.queued()).isEqualTo(90);
    }

    @Test
    void one_frame_larger_than_the_bound_goes_when_nothing_waits_but_not_behind_others() {
        QueuedBytes queued = new QueuedBytes(100);
        assertThat(queued.add(500)).isTrue();
        assertThat(queued.add(1)).isFalse();
        queued.remove(500);
        assertThat(queued.add(1)).isTrue();
        assertThat(queued.add(500)).isFalse();
    }

    @Test
    void the_bound_must_be_positive() {
        assertThatThrownBy(() -> new QueuedBytes(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
