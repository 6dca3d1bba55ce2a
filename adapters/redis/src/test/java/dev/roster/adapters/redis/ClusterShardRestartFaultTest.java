package dev.roster.adapters.redis;

import dev.roster.adapters.redis.testing.Fleet;
import dev.roster.adapters.redis.testing.RedisNode;
import dev.roster.testsupport.faults.FaultBound;
import dev.roster.testsupport.redis.TestRedis;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On a Redis Cluster of three masters without replicas, one master restarts empty and keeps its slots, while the
 * others keep their data. Within {@link FaultBound#BOUND} of the fault, presence must be true again on every node
 * and for every watcher.
 */
class ClusterShardRestartFaultTest {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.cluster();

    private static final Keys KEYS = new Keys(RedisSettings.defaults().buckets());

    @RegisterExtension
    final Fleet fleet = new Fleet(REDIS);

    /**
     * A node dies; before its lease lapses, the master holding every lease restarts empty. The dead node's sessions
     * on the other shards are still there, and nothing names their boot any more.
     */
    @Test
    void theLeasesShardRestartsEmptyWhileAKilledNodeAwaitsReaping() {
        REDIS.flush();
        List<RedisNode> nodes = fleet.startTwoWatched("hall");
        RedisNode c = fleet.start("node-c");
        fleet.tab(nodes.get(0), "a-u1", "hall");
        fleet.tab(nodes.get(1), "b-u1", "hall");
        for (int i = 0; i < 8; i++) {
            fleet.tab(c, "c-u" + i, "hall");
        }
        fleet.awaitRight(Fleet.SETTLE, "before node-c dies");

        fleet.crash(c);
        Instant fault = fleet.fault("the master holding " + KEYS.leases() + " (port "
                + REDIS.shardPort(KEYS.leases()) + ") is killed and restarts empty",
                () -> REDIS.restartShardEmpty(KEYS.leases()));

        fleet.assertRightWithinBound(fault, "the leases' shard restarted empty while a dead node awaited reaping");
    }
}
