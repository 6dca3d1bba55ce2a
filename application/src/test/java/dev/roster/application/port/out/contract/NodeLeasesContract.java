package dev.roster.application.port.out.contract;

import static dev.roster.application.fixtures.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.application.fixtures.Stages;
import dev.roster.application.port.out.NodeLeases;
import dev.roster.application.port.out.NodeLeases.NodeLease;
import dev.roster.domain.NodeBoot;
import dev.roster.domain.NodeId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link NodeLeases} must do; an adapter's test implements {@link #newLeases()}. */
public abstract class NodeLeasesContract {
    private static final Duration LEASE = Duration.ofSeconds(15);
    /** A lease short enough to lapse in real time within a test: stores with a clock of their own judge by it. */
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final NodeId NODE_A = NodeId.of("node-a");
    private static final NodeId NODE_B = NodeId.of("node-b");

    /** Leases holding nothing, not shared with any other test. */
    protected abstract NodeLeases newLeases() throws Exception;

    /** Releases what {@link #newLeases()} took; nothing by default. */
    protected void discard(NodeLeases leases) throws Exception {
    }

    private NodeLeases leases;

    @BeforeEach
    final void openLeases() throws Exception {
        leases = newLeases();
    }

    @AfterEach
    final void discardLeases() throws Exception {
        discard(leases);
    }

    private static NodeLease lease(NodeId node, String boot, int sessions, Duration length) {
        Instant now = Stages.now();
        return new NodeLease(new NodeBoot(node, boot), sessions, now, now.plus(length));
    }

    private static NodeLease lease(NodeId node, String boot, int sessions) {
        return lease(node, boot, sessions, LEASE);
    }

    private static Set<NodeBoot> ids(List<NodeLease> leases) {
        return leases.stream().map(NodeLease::id).collect(Collectors.toSet());
    }

    /** The lease as the store now reads it lapsed, once its (short) length has passed in real time. */
    private NodeLease lapsedOne(NodeLease lease) {
        AtomicReference<NodeLease> found = new AtomicReference<>();
        Awaitility.await().atMost(Stages.TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> {
            await(leases.lapsed(Stages.now())).stream().filter(l -> l.id().equals(lease.id())).findFirst()
                    .ifPresent(found::set);
            return found.get() != null;
        });
        return found.get();
    }

    @Test
    void aRenewedLeaseIsLiveAndSaysWhetherItWasThereBefore() {
        NodeLease a = lease(NODE_A, "boot-1", 3);
        NodeLease b = lease(NODE_B, "boot-9", 0);
        assertThat(await(leases.renew(a))).as("created").isFalse();
        assertThat(await(leases.renew(b))).isFalse();
        assertThat(await(leases.renew(a))).as("renewed").isTrue();

        assertThat(ids(await(leases.live(Stages.now())))).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(await(leases.lapsed(Stages.now()))).isEmpty();
        assertThat(await(leases.leased())).containsExactlyInAnyOrder(a.id(), b.id());
    }

    @Test
    void aViewSplitsTheLeasesIntoLiveAndLapsedAsTheStoreReadsThemAndCarriesItsTime() {
        NodeLease gone = renewed(lease(NODE_A, "boot-1", 3, SHORT));
        NodeLease alive = renewed(lease(NODE_B, "boot-9", 2));
        NodeLease lapsed = lapsedOne(gone);

        Instant before = Stages.now();
        NodeLeases.LeaseView view = await(leases.view(Stages.now()));

        assertThat(view.live()).singleElement().satisfies(l -> {
            assertThat(l.id()).isEqualTo(alive.id());
            assertThat(l.sessions()).isEqualTo(2);
        });
        assertThat(view.lapsed()).containsExactly(lapsed);
        // a lapsed lease read through the view is taken as one read through lapsed() is
        assertThat(view.storeNow()).isAfter(before.minusSeconds(5)).isBefore(before.plusSeconds(5));
        assertThat(await(leases.release(view.lapsed().get(0)))).isTrue();
        assertThat(await(leases.view(Stages.now())).lapsed()).isEmpty();
    }

    @Test
    void renewingReplacesWhatTheBootLastSaid() {
        await(leases.renew(lease(NODE_A, "boot-1", 3)));
        await(leases.renew(lease(NODE_A, "boot-1", 4)));

        assertThat(await(leases.live(Stages.now()))).singleElement()
                .satisfies(l -> assertThat(l.sessions()).isEqualTo(4));
    }

    @Test
    void aLeaseLapsesOnceItsLengthHasPassedAndStaysListedUntilTaken() {
        NodeLease a = lease(NODE_A, "boot-1", 3, SHORT);
        await(leases.renew(a));

        NodeLease lapsed = lapsedOne(a);

        assertThat(lapsed.sessions()).isEqualTo(3);
        assertThat(lapsed.expiresAt()).isAfter(lapsed.heartbeatAt());
        assertThat(await(leases.live(Stages.now()))).isEmpty();
        assertThat(await(leases.leased())).containsExactly(a.id());
    }

    @Test
    void aLapsedLeaseIsTakenOnceOnly() {
        NodeLease lapsed = lapsedOne(renewed(lease(NODE_A, "boot-1", 3, SHORT)));

        assertThat(await(leases.release(lapsed))).isTrue();
        assertThat(await(leases.release(lapsed))).isFalse();
        assertThat(await(leases.lapsed(Stages.now()))).isEmpty();
        assertThat(await(leases.leased())).isEmpty();
        assertThat(await(leases.renew(lease(NODE_A, "boot-1", 3)))).as("its node finds it gone").isFalse();
    }

    @Test
    void aLeaseRenewedAfterItWasReadAsLapsedIsNotTaken() {
        NodeLease a = renewed(lease(NODE_A, "boot-1", 3, SHORT));
        NodeLease lapsed = lapsedOne(a);
        assertThat(await(leases.renew(lease(NODE_A, "boot-1", 3)))).isTrue();

        assertThat(await(leases.release(lapsed))).isFalse();
        assertThat(ids(await(leases.live(Stages.now())))).containsExactly(a.id());
    }

    @Test
    void releasingALeaseNeverRenewedIsFalse() {
        assertThat(await(leases.release(lease(NODE_A, "boot-1", 0)))).isFalse();
    }

    @Test
    void ofManyNodesTakingOneLeaseAtOnceExactlyOneWins() throws Exception {
        NodeLease a = lapsedOne(renewed(lease(NODE_A, "boot-1", 3, SHORT)));
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
        NodeLease old = renewed(lease(NODE_A, "boot-1", 3, SHORT));
        NodeLease restarted = renewed(lease(NODE_A, "boot-2", 1));

        NodeLease lapsed = lapsedOne(old);

        assertThat(ids(await(leases.live(Stages.now())))).containsExactly(restarted.id());
        assertThat(await(leases.release(lapsed))).isTrue();
        assertThat(ids(await(leases.live(Stages.now())))).containsExactly(restarted.id());
        assertThat(await(leases.leased())).containsExactly(restarted.id());
    }

    private NodeLease renewed(NodeLease lease) {
        await(leases.renew(lease));
        return lease;
    }
}
