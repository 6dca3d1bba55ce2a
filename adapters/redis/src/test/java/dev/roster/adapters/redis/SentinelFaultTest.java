package dev.roster.adapters.redis;

import dev.roster.adapters.redis.testing.Fleet.Tab;
import dev.roster.adapters.redis.testing.Fleet;
import dev.roster.adapters.redis.testing.RedisNode;
import dev.roster.testsupport.faults.EventLog;
import dev.roster.testsupport.faults.FaultBound;
import dev.roster.testsupport.redis.TestRedis;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Behind a Sentinel, the master dies and the Sentinel promotes a replica that missed the last writes (replication
 * is asynchronous): what the nodes wrote last is gone, and what they had removed is back. Within
 * {@link FaultBound#BOUND} of the failover, presence must be true again on every node and for every watcher.
 */
class SentinelFaultTest {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.sentinelWithReplica();

    private static final Duration SETTLE = Duration.ofSeconds(10);

    private final EventLog log = new EventLog(true);
    private final Fleet fleet = new Fleet(REDIS, log);

    @AfterEach
    void stopNodes() {
        fleet.close();
    }

    @Test
    void theMasterFailsOverToAReplicaThatMissedTheLastWrites() {
        REDIS.flush();
        RedisNode a = fleet.start("node-a");
        RedisNode b = fleet.start("node-b");
        fleet.watch(a, "watch-a", "hall");
        fleet.watch(b, "watch-b", "hall");
        Tab lost = fleet.open(a, "lost");
        fleet.join(lost, "hall");
        Tab kim = fleet.open(b, "kim");
        fleet.join(kim, "hall");
        fleet.awaitRight(SETTLE, "before the replica falls behind");

        log.note("FAULT the replica is frozen and cut off from the master; the master is killed after this");
        REDIS.failOverToStaleReplica(null, () -> {
            fleet.close(lost);
            Tab nina = fleet.open(b, "nina");
            fleet.join(nina, "hall");
            fleet.awaitRight(SETTLE, "on the master, before it dies");
        });
        Instant fault = Instant.now();
        log.note("FAULT the Sentinel promoted the replica that missed the last writes");

        fleet.assertRightWithinBound(fault, "a failover to a replica that missed the last writes");
    }
}
