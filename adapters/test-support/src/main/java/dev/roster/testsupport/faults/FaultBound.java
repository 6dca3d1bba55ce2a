package dev.roster.testsupport.faults;

import java.time.Duration;

/**
 * The timing the fault tests run with, and the promise they hold the nodes to: after any single fault, every
 * user's presence is right again, on every node and for every watcher, within {@link #BOUND}.
 */
public final class FaultBound {
    /** The nodes' lease: a node that stops renewing it is reaped this long after its last renewal. */
    public static final Duration LEASE = Duration.ofSeconds(3);
    /** How long a user with no session left stays online before it is announced offline. */
    public static final Duration GRACE = Duration.ofMillis(500);
    /** How long the nodes take, at most, to compare all they hold with what Redis lists, at default settings. */
    public static final Duration RECONCILIATION_PERIOD = Duration.ofSeconds(7);
    /** Lease, grace and one reconciliation period: the one number every fault test waits for. */
    public static final Duration BOUND = LEASE.plus(GRACE).plus(RECONCILIATION_PERIOD);

    private FaultBound() {
    }
}
