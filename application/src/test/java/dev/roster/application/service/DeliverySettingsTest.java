package dev.roster.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DeliverySettingsTest {
    private static final Duration S1 = Duration.ofSeconds(1);
    private static final Duration S60 = Duration.ofSeconds(60);
    private static final Duration S10 = Duration.ofSeconds(10);

    @Test
    void by_default_batches_of_100_tried_12_times_from_1_s_to_60_s_apart_under_a_lease_of_10_s() {
        assertThat(DeliverySettings.DEFAULT).isEqualTo(new DeliverySettings(100, 12, S1, S60, S10));
        assertThat(DeliverySettings.DEFAULT.renewEvery()).isEqualTo(Duration.ofNanos(3_333_333_333L));
    }

    @Test
    void the_backoff_doubles_with_each_failure_up_to_the_cap() {
        assertThat(IntStream.rangeClosed(1, 12).mapToObj(DeliverySettings.DEFAULT::backoff).toList()).containsExactly(
                S1, Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(16),
                Duration.ofSeconds(32), S60, S60, S60, S60, S60, S60);
        assertThat(DeliverySettings.DEFAULT.backoff(Integer.MAX_VALUE)).isEqualTo(S60);
        assertThatThrownBy(() -> DeliverySettings.DEFAULT.backoff(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void settings_out_of_range_are_refused() {
        assertThatThrownBy(() -> new DeliverySettings(0, 12, S1, S60, S10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeliverySettings(1001, 12, S1, S60, S10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeliverySettings(100, 0, S1, S60, S10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeliverySettings(100, 12, Duration.ZERO, S60, S10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeliverySettings(100, 12, S60, S1, S10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeliverySettings(100, 12, S1, S60, Duration.ofMillis(29)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeliverySettings(100, 12, null, S60, S10))
                .isInstanceOf(NullPointerException.class);
        assertThat(new DeliverySettings(1, 1, S1, S1, DeliverySettings.MIN_LEASE).batch()).isEqualTo(1);
        assertThat(new DeliverySettings(1000, 1, S1, S1, S10).batch()).isEqualTo(1000);
    }
}
