package dev.roster.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyTest {

    @Test
    void reports_percentiles_in_microseconds() {
        Latency latency = new Latency("op");
        for (int i = 1; i <= 1_000; i++) {
            latency.recordNanos(i * 1_000L);
        }

        Latency.Summary s = latency.summary();

        assertThat(s.count()).isEqualTo(1_000);
        assertThat(s.p50()).isCloseTo(500, within(1.0));
        assertThat(s.p90()).isCloseTo(900, within(1.0));
        assertThat(s.p99()).isCloseTo(990, within(1.0));
        assertThat(s.p999()).isCloseTo(999, within(1.0));
        assertThat(s.max()).isCloseTo(1_000, within(1.0));
    }

    @Test
    void an_empty_distribution_reports_zeros() {
        Latency.Summary s = new Latency("none").summary();

        assertThat(s.count()).isZero();
        assertThat(s.max()).isZero();
    }

    @Test
    void out_of_range_values_are_clamped_not_lost() {
        Latency latency = new Latency("odd");
        latency.recordNanos(-5);
        latency.recordNanos(Long.MAX_VALUE);

        assertThat(latency.count()).isEqualTo(2);
        assertThat(latency.summary().max()).isGreaterThan(3.5e9);
    }
}
