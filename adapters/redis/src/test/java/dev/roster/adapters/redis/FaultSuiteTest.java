package dev.roster.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.adapters.redis.testing.Fleet.Tab;
import dev.roster.adapters.redis.testing.Fleet;
import dev.roster.adapters.redis.testing.RedisNode;
import dev.roster.domain.NodeBoot;
import dev.roster.domain.NodeId;
import dev.roster.domain.PresenceState;
import dev.roster.domain.UserId;
import dev.roster.testsupport.faults.FaultBound;
import dev.roster.testsupport.redis.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Presence is true after any single fault under nodes sharing one standalone Redis: within {@link FaultBound#BOUND}
 * (lease, grace and one reconciliation period) of the fault, every live node reports every user exactly as its
 * clients' open tabs make it, every room with exactly its members, and every watcher last heard each member of its
 * rooms in the state it truly is in. Each scenario drives one fault at a known moment, then waits for the bound and
 * checks everything ({@link Fleet#assertRightWithinBound}); a failure prints what is wrong and the events around it.
 */
class FaultSuiteTest {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.breakable();

    /** Past the lease, so that another node finds the lease lapsed and reaps, as a node stalled this long is. */
    private static final Duration STALL = FaultBound.LEASE.plusMillis(1500);
    /** When each doomed node is killed, in ms after Redis answers again: before, during and after its recovery. */
    private static final int[] KILL_AFTER_MS = {0, 100, 200, 300, 450, 600, 800};

    @RegisterExtension
    final Fleet fleet = new Fleet(REDIS);

    @BeforeEach
    void freshRedis() {
        REDIS.restart();
        REDIS.flush();
    }

    @Test
    void redisRestartsEmpty() {
        List<RedisNode> nodes = fleet.startTwoWatched("hall", "lounge");
        RedisNode a = nodes.get(0);
        RedisNode b = nodes.get(1);
        fleet.tab(a, "ann", "hall");
        fleet.tab(b, "ann", "lounge");
        fleet.tab(b, "bob", "hall");
        fleet.tab(a, "carl");
        fleet.close(fleet.tab(a, "dora", "hall"));
        fleet.awaitRight(Fleet.SETTLE, "before Redis restarts");

        Instant fault = fleet.fault("Redis is killed and restarts empty", REDIS::restartEmpty);

        fleet.assertRightWithinBound(fault, "Redis restarted empty");
    }

    /** The snapshot brings back a user who went offline since, and loses what happened since. */
    @Test
    void redisRestartsFromASnapshotTakenBeforeTheLastChanges() {
        List<RedisNode> nodes = fleet.startTwoWatched("hall", "lounge");
        RedisNode a = nodes.get(0);
        RedisNode b = nodes.get(1);
        Tab lost = fleet.tab(a, "lost", "hall");
        Tab kim = fleet.tab(b, "kim", "hall");
        fleet.awaitRight(Fleet.SETTLE, "before the snapshot");
        fleet.log().note("Redis takes a snapshot");
        REDIS.snapshot();

        fleet.close(lost);
        fleet.tab(b, "nina", "hall");
        fleet.join(kim, "lounge");
        fleet.awaitRight(Fleet.SETTLE, "once lost went offline, nina came and kim joined lounge");

        Instant fault = fleet.fault("Redis is killed and restarts from its snapshot", REDIS::restartFromSnapshot);

        fleet.assertRightWithinBound(fault, "Redis restarted from a snapshot taken before the last changes");
    }

    /**
     * Redis restarts empty and every node puts its sessions back; nodes die at points before, during and after
     * their own recovery. Whatever a dead node managed to put back must not keep its users online.
     */
    @Test
    void nodesKilledAtEveryPointOfTheirRecoveryAfterRedisRestartsEmpty() throws Exception {
        RedisNode survivor = fleet.start("survivor");
        fleet.watch(survivor, "watch-s", "hall");
        fleet.tab(survivor, "s-u1", "hall");
        List<RedisNode> doomed = new ArrayList<>();
        for (int after : KILL_AFTER_MS) {
            RedisNode node = fleet.start("k" + after);
            doomed.add(node);
            fleet.tab(node, "k" + after + "-u1", "hall");
            fleet.tab(node, "k" + after + "-u2");
        }
        fleet.awaitRight(Fleet.SETTLE, "before Redis restarts");

        ScheduledExecutorService killer = Executors.newScheduledThreadPool(KILL_AFTER_MS.length);
        List<CompletableFuture<Instant>> kills = new ArrayList<>();
        try {
            fleet.fault("Redis is killed and restarts empty; nodes die " + Arrays.toString(KILL_AFTER_MS)
                    + " ms after it is back", REDIS::restartEmpty);
            fleet.log().note("Redis answers again");
            for (int i = 0; i < KILL_AFTER_MS.length; i++) {
                RedisNode node = doomed.get(i);
                CompletableFuture<Instant> killed = new CompletableFuture<>();
                killer.schedule(() -> {
                    Instant at = Instant.now();
                    try {
                        fleet.crash(node);
                        killed.complete(at);
                    } catch (RuntimeException e) {
                        killed.completeExceptionally(e);
                    }
                }, KILL_AFTER_MS[i], TimeUnit.MILLISECONDS);
                kills.add(killed);
            }
            Instant last = Instant.MIN;
            for (CompletableFuture<Instant> killed : kills) {
                Instant at = killed.get(30, TimeUnit.SECONDS);
                last = at.isAfter(last) ? at : last;
            }

            fleet.assertRightWithinBound(last, "nodes died while recovering from an empty Redis");
        } finally {
            killer.shutdownNow();
        }
    }

    /**
     * A node's Redis link hangs longer than its lease (a stalled network; a long pause), so another node finds its
     * lease lapsed and closes its sessions while its clients are still connected. Once the link works again (the
     * held bytes arrive late, or the connections were reset), the node's users must be online again, announced.
     */
    @ParameterizedTest(name = "link {0}")
    @ValueSource(strings = {"thawed", "cut"})
    void aNodeWhoseRedisLinkHangsLongerThanTheLease(String end) {
        List<RedisNode> nodes = fleet.startTwoWatched("hall");
        RedisNode a = nodes.get(0);
        RedisNode b = nodes.get(1);
        for (int i = 1; i <= 3; i++) {
            fleet.tab(a, "a-u" + i, "hall");
        }
        fleet.tab(b, "b-u1", "hall");
        fleet.awaitRight(Fleet.SETTLE, "before node-a's link hangs");

        fleet.log().note("FAULT node-a's link to Redis hangs for " + STALL.toMillis() + " ms");
        a.link().freeze();
        sleep(STALL);
        Instant fault = fleet.fault("node-a's link is " + end, end.equals("thawed") ? a.link()::thaw : a.link()::cut);

        fleet.assertRightWithinBound(fault, "node-a's link hung longer than its lease and was " + end);
    }

    /**
     * A node whose clock runs 5 s ahead must not take the other nodes' leases for lapsed (their users would go
     * offline while connected), and once it dies its own users must not stay online past the bound.
     */
    @Test
    void aNodeWhoseClockRunsAheadReapsNoLiveNodeAndIsReapedInTimeOnceDead() {
        List<RedisNode> nodes = fleet.startTwoWatched("hall");
        RedisNode a = nodes.get(0);
        RedisNode b = nodes.get(1);
        fleet.tab(a, "a-u1", "hall");
        fleet.tab(b, "b-u1", "hall");
        fleet.awaitRight(Fleet.SETTLE, "before node-c starts");

        fleet.log().note("FAULT node-c starts with a clock 5 s ahead");
        RedisNode c = fleet.start("node-c", n -> n.clockAhead(Duration.ofSeconds(5)));
        fleet.tab(c, "c-u1", "hall");
        fleet.tab(c, "c-u2");
        fleet.awaitRight(Fleet.SETTLE, "once node-c (5 s ahead) holds its users");
        fleet.assertStaysRight(FaultBound.LEASE.multipliedBy(2), "node-c running 5 s ahead");

        Instant fault = fleet.fault("node-c, 5 s ahead, is killed", () -> fleet.crash(c));

        fleet.assertRightWithinBound(fault, "node-c, whose clock ran 5 s ahead, died");
    }

    /** Redis loses the rooms a user lingers in during its grace: those rooms must still hear it leave. */
    @Test
    void redisRestartsEmptyWhileUsersAreInTheirGracePeriod() {
        RedisNode a = fleet.start("node-a");
        RedisNode b = fleet.start("node-b");
        Tab watchA = fleet.watch(a, "watch-a", "hall", "lounge");
        Tab watchB = fleet.watch(b, "watch-b", "hall", "lounge");
        Tab mia = fleet.tab(a, "mia", "hall");
        Tab maxInHall = fleet.tab(a, "max", "hall");
        fleet.tab(a, "max", "lounge");
        Tab mel = fleet.tab(b, "mel", "hall");
        fleet.awaitRight(Fleet.SETTLE, "before the tabs close");

        long closing = System.nanoTime();
        CompletableFuture.allOf(fleet.closeAsync(mia), fleet.closeAsync(maxInHall), fleet.closeAsync(mel)).join();
        Duration closed = Duration.ofNanos(System.nanoTime() - closing);
        if (closed.compareTo(FaultBound.GRACE.dividedBy(2)) > 0) {
            throw new IllegalStateException("could not drive the scenario: closing took " + closed.toMillis()
                    + " ms, too close to the end of the grace period");
        }
        for (Tab watcher : List.of(watchA, watchB)) {
            for (String user : List.of("mia", "max", "mel")) {
                assertThat(fleet.noticesOf(watcher, user, "hall")).as("what %s heard of %s before the fault",
                        watcher, user).doesNotContain(PresenceState.OFFLINE);
            }
        }
        Instant fault = fleet.fault("Redis is killed and restarts empty during the grace period", REDIS::restartEmpty);

        fleet.assertRightWithinBound(fault, "Redis restarted empty during a grace period");
    }

    /**
     * A tab's open ran in Redis but its reply never came back in time, so the open failed and the client's socket
     * closed: Redis lists a session that its node does not hold. The node's link holds every reply from the first
     * command that writes the user's presence together with the node's boot set (the commit of the user's first
     * session on that node), so that this command runs in Redis while its answer waits past the command timeout.
     */
    @Test
    void aTabWhoseOpenRanInRedisButWhoseReplyWasLost() {
        RedisNode a = fleet.start("node-a");
        RedisNode b = fleet.start("node-b");
        fleet.watch(b, "watch-b", "hall");
        Tab first = fleet.tab(b, "gil", "hall");
        fleet.awaitRight(Fleet.SETTLE, "before gil opens a tab on node-a");
        UserId gil = UserId.of("gil");
        Keys keys = new Keys(RedisSettings.defaults().buckets());

        fleet.log().note("FAULT node-a's link holds the replies from its first commit of a session of gil on");
        a.link().freezeRepliesFrom(keys.presence(gil), keys.boot(keys.bucket(gil),
                new NodeBoot(NodeId.of("node-a"), a.app().node().boot())));
        Tab second = fleet.openAsync(a, "gil").join();
        int registered = b.store().presence().find(gil).toCompletableFuture().join().sessions().size();
        Instant fault = fleet.fault("node-a's link delivers the replies again", a.link()::thaw);
        if (second != null || registered != 2) {
            throw new IllegalStateException("could not drive the scenario: the open " + (second == null
                    ? "failed" : "succeeded") + " and Redis lists " + registered + " sessions of gil, not 2");
        }
        fleet.close(first);

        fleet.assertRightWithinBound(fault, "an open ran in Redis but its reply was lost");
    }

    /** Tabs close while their node puts its sessions back after Redis restarted empty: none may come back. */
    @Test
    void tabsClosedWhileTheirNodeRestoresAfterRedisRestartedEmpty() throws Exception {
        RedisNode a = fleet.start("node-a");
        RedisNode b = fleet.start("node-b");
        fleet.watch(b, "watch-b", "hall");
        List<Tab> tabs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            tabs.add(fleet.tab(a, "r-u" + i, "hall"));
        }
        fleet.awaitRight(Fleet.SETTLE, "before Redis restarts");

        ScheduledExecutorService closer = Executors.newSingleThreadScheduledExecutor();
        try {
            Instant fault = fleet.fault(
                    "Redis is killed and restarts empty; node-a's tabs close one every 15 ms from then",
                    REDIS::restartEmpty);
            List<CompletableFuture<Boolean>> closed = new ArrayList<>();
            for (int i = 0; i < tabs.size(); i++) {
                Tab tab = tabs.get(i);
                CompletableFuture<Boolean> done = new CompletableFuture<>();
                closer.schedule(() -> fleet.closeAsync(tab).whenComplete((ok, e) -> done.complete(e == null && ok)),
                        15L * i, TimeUnit.MILLISECONDS);
                closed.add(done);
            }
            CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            fleet.assertRightWithinBound(fault, "tabs closed while their node restored its sessions");
        } finally {
            closer.shutdownNow();
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
