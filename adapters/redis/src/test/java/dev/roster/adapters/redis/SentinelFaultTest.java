package dev.roster.adapters.redis;

import dev.roster.adapters.redis.testing.Fleet.Tab;
import dev.roster.adapters.redis.testing.Fleet;
import dev.roster.adapters.redis.testing.RedisNode;
import dev.roster.testsupport.faults.FaultBound;
import dev.roster.testsupport.redis.TestRedis;
import java.time.Instant;
import java.util.List;
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

    @RegisterExtension
    final Fleet fleet = new Fleet(REDIS);

    @Test
    void theMasterFailsOverToAReplicaThatMissedTheLastWrites() {
        REDIS.flush();
        List<RedisNode> nodes = fleet.startTwoWatched("hall");
        RedisNode b = nodes.get(1);
        Tab lost = fleet.tab(nodes.get(0), "lost", "hall");
        fleet.tab(b, "kim", "hall");
        fleet.awaitRight(Fleet.SETTLE, "before the replica falls behind");

        fleet.log().note("FAULT the replica is frozen and cut off from the master; the master is killed after this");
        REDIS.failOverToStaleReplica(null, () -> {
            fleet.close(lost);
            fleet.tab(b, "nina", "hall");
            fleet.awaitRight(Fleet.SETTLE, "on the master, before it dies");
        });
        Instant fault = Instant.now();
        fleet.log().note("FAULT the Sentinel promoted the replica that missed the last writes");

        fleet.assertRightWithinBound(fault, "a failover to a replica that missed the last writes");
    }
}
