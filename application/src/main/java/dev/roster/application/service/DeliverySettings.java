package dev.roster.application.service;

import dev.roster.application.port.in.ReadEventsUseCase;
import java.time.Duration;
import java.util.Objects;

/**
 * How the event log is delivered to the sink: batches of at most {@code batch} events, each tried up to
 * {@code maxTries} times with an exponential backoff from {@code retryBase} to {@code retryCap} between tries, by
 * the one node that holds the delivery lease for {@code lease} at a time (renewed three times per lease).
 *
 * @param batch     the most events one delivery carries, 1 to {@link ReadEventsUseCase#MAX_LIMIT}
 * @param maxTries  how many times a batch is tried before it is parked as a dead letter, at least 1
 * @param retryBase the wait after the first failed try; each further failure doubles it
 * @param retryCap  the longest wait between two tries, at least {@code retryBase}
 * @param lease     how long a node delivers after its last renewal without renewing: how soon another node takes
 *                  over from one that died
 */
public record DeliverySettings(int batch, int maxTries, Duration retryBase, Duration retryCap, Duration lease) {
    /** The shortest lease: it is renewed every third of it, and a store must answer well within that. */
    public static final Duration MIN_LEASE = Duration.ofMillis(30);
    /** 100 events a batch, 12 tries from 1 s up to 60 s apart (about 7 minutes in all), a lease of 10 s. */
    public static final DeliverySettings DEFAULT = new DeliverySettings(100, 12, Duration.ofSeconds(1),
            Duration.ofSeconds(60), Duration.ofSeconds(10));

    public DeliverySettings {
        Objects.requireNonNull(retryBase, "retryBase");
        Objects.requireNonNull(retryCap, "retryCap");
        Objects.requireNonNull(lease, "lease");
        if (batch < 1 || batch > ReadEventsUseCase.MAX_LIMIT) {
            throw new IllegalArgumentException("batch must be 1 to " + ReadEventsUseCase.MAX_LIMIT + ": " + batch);
        }
        if (maxTries < 1) {
            throw new IllegalArgumentException("maxTries must be at least 1: " + maxTries);
        }
        if (retryBase.isNegative() || retryBase.isZero()) {
            throw new IllegalArgumentException("retryBase must be positive: " + retryBase);
        }
        if (retryCap.compareTo(retryBase) < 0) {
            throw new IllegalArgumentException("retryCap must be at least retryBase: " + retryCap);
        }
        if (lease.compareTo(MIN_LEASE) < 0) {
            throw new IllegalArgumentException("lease must be at least " + MIN_LEASE + ": " + lease);
        }
    }

    /** How often the holder renews its lease, and a node without it tries to take it: three times per lease. */
    public Duration renewEvery() {
        return lease.dividedBy(3);
    }

    /**
     * The wait after the {@code failures}-th failed try of a batch, before jitter: {@code retryBase} doubled for
     * each failure after the first, and never more than {@code retryCap}.
     */
    public Duration backoff(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be at least 1: " + failures);
        }
        Duration wait = retryBase;
        for (int n = 1; n < failures && wait.compareTo(retryCap) < 0; n++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(retryCap) < 0 ? wait : retryCap;
    }
}
