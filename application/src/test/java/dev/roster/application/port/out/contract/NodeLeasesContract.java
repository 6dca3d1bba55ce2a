package dev.roster.application.port.out.contract;

import static dev.roster.application.port.out.contract.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.application.port.out.NodeLeases;
import dev.roster.application.port.out.NodeLeases.NodeLease;
import dev.roster.domain.NodeId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link NodeLeases} must do; an adapter's test implements {@link #newLeases()}. */
public abstract class NodeLeasesContract {
    private static final Duration LEASE = Duration.ofSeconds(15);
    private static final NodeId NODE_A = NodeId.of("node-a");
    private static final NodeId NODE_B = NodeId.of("node-b");

    /** Leases holding nothing, not shared with any other test. */
    protected abstract NodeLeases newLeases() throws Exception;

    /** Releases what {@link #newLeases()} took; nothing by default. */
    protected void discard(NodeLeases leases) throws Exception {
    }

    private NodeLeases leases;
    private Instant t0;

    @BeforeEach
    final void openLeases() throws Exception {
        leases = newLeases();
        t0 = Stages.now();
    }

    @AfterEach
    final void discardLeases() throws Exception {
        discard(leases);
    }

    private NodeLease lease(NodeId node, String boot, int sessions, Instant heartbeat) {
        return new NodeLease(node, boot, sessions, heartbeat, heartbeat.plus(LEASE));
    }

    @Test
    void aRenewedLeaseIsLive() {
        NodeLease a = lease(NODE_A, "boot-1", 3, t0);
        NodeLease b = lease(NODE_B, "boot-9", 0, t0);
        await(leases.renew(a));
        await(leases.renew(b));

        assertThat(await(leases.live(t0))).containsExactlyInAnyOrder(a, b);
        assertThat(await(leases.lapsed(t0))).isEmpty();
    }

    @Test
    void renewingReplacesWhatTheBootLastSaid() {
        NodeLease first = lease(NODE_A, "boot-1", 3, t0);
        NodeLease second = lease(NODE_A, "boot-1", 4, t0.plusSeconds(5));
        await(leases.renew(first));
        await(leases.renew(second));

        assertThat(await(leases.live(t0.plusSeconds(5)))).containsExactly(second);
        assertThat(await(leases.live(first.expiresAt()))).containsExactly(second);
        assertThat(await(leases.lapsed(first.expiresAt()))).isEmpty();
    }

    @Test
    void aLeaseLapsesAtItsExpiry() {
        NodeLease a = lease(NODE_A, "boot-1", 3, t0);
        await(leases.renew(a));
        Instant justBefore = a.expiresAt().minusMillis(1);

        assertThat(await(leases.live(justBefore))).containsExactly(a);
        assertThat(await(leases.lapsed(justBefore))).isEmpty();
        assertThat(await(leases.live(a.expiresAt()))).isEmpty();
        assertThat(await(leases.lapsed(a.expiresAt()))).containsExactly(a);
        assertThat(await(leases.lapsed(a.expiresAt().plusSeconds(60)))).containsExactly(a);
    }

    @Test
    void aLapsedLeaseIsReleasedOnceOnly() {
        NodeLease a = lease(NODE_A, "boot-1", 3, t0);
        await(leases.renew(a));
        Instant later = a.expiresAt().plusSeconds(1);

        assertThat(await(leases.release(a))).isTrue();
        assertThat(await(leases.release(a))).isFalse();
        assertThat(await(leases.lapsed(later))).isEmpty();
        assertThat(await(leases.live(t0))).isEmpty();
    }

    @Test
    void releasingALeaseNeverRenewedIsFalse() {
        assertThat(await(leases.release(lease(NODE_A, "boot-1", 0, t0)))).isFalse();
    }

    @Test
    void ofManyNodesReleasingOneLeaseAtOnceExactlyOneWins() throws Exception {
        NodeLease a = lease(NODE_A, "boot-1", 3, t0);
        await(leases.renew(a));
        int releasers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(releasers);
        List<Boolean> answers = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int i = 0; i < releasers; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return await(leases.release(a));
                }));
            }
            start.countDown();
            for (Future<Boolean> f : futures) {
                answers.add(f.get(Stages.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(answers).containsOnlyOnce(true).hasSize(releasers);
    }

    @Test
    void twoBootsOfOneNodeStayDistinct() {
        NodeLease old = lease(NODE_A, "boot-1", 3, t0);
        NodeLease restarted = lease(NODE_A, "boot-2", 1, t0.plusSeconds(10));
        await(leases.renew(old));
        await(leases.renew(restarted));

        assertThat(await(leases.live(t0.plusSeconds(10)))).containsExactlyInAnyOrder(old, restarted);
        assertThat(await(leases.lapsed(old.expiresAt()))).containsExactly(old);
        assertThat(await(leases.live(old.expiresAt()))).containsExactly(restarted);

        assertThat(await(leases.release(old))).isTrue();
        assertThat(await(leases.live(old.expiresAt()))).containsExactly(restarted);
        assertThat(await(leases.lapsed(old.expiresAt()))).isEmpty();
        assertThat(await(leases.lapsed(restarted.expiresAt()))).containsExactly(restarted);
    }
}
