package dev.roster.bench.report;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A latency distribution recorded in nanoseconds from many threads at once, reported in microseconds.
 * Values above an hour are clamped to an hour rather than lost.
 */
public final class Latency {
    private static final long MAX_NANOS = TimeUnit.HOURS.toNanos(1);

    private final String name;
    private final ConcurrentHistogram histogram = new ConcurrentHistogram(MAX_NANOS, 3);

    public Latency(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public void recordNanos(long nanos) {
        histogram.recordValue(Math.max(0, Math.min(nanos, MAX_NANOS)));
    }

    public long count() {
        return histogram.getTotalCount();
    }

    /** A consistent copy of what was recorded so far. */
    public Summary summary() {
        Histogram copy = histogram.copy();
        return new Summary(name, copy.getTotalCount(), micros(copy.getValueAtPercentile(50)),
                micros(copy.getValueAtPercentile(90)), micros(copy.getValueAtPercentile(99)),
                micros(copy.getValueAtPercentile(99.9)), micros(copy.getMaxValue()), copy.getMean() / 1_000.0);
    }

    private static double micros(long nanos) {
        return nanos / 1_000.0;
    }

    /** Percentiles in microseconds; all zero when nothing was recorded. */
    public record Summary(String name, long count, double p50, double p90, double p99, double p999, double max,
                          double mean) {
    }
}
