package dev.roster.adapters.redis;

import dev.roster.adapters.redis.testing.Fleet.Tab;
import dev.roster.adapters.redis.testing.Fleet;
import dev.roster.adapters.redis.testing.RedisNode;
import dev.roster.domain.UserId;
import dev.roster.testsupport.faults.FaultBound;
import dev.roster.testsupport.redis.TestRedis;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On a Redis Cluster of three masters with a replica each, one master dies and the cluster promotes its replica,
 * which missed the last writes (replication is asynchronous). Within {@link FaultBound#BOUND} of the failover,
 * presence must be true again on every node and for every watcher.
 */
class ClusterFailoverFaultTest {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.clusterWithReplicas();

    private static final Keys KEYS = new Keys(RedisSettings.defaults().buckets());

    @RegisterExtension
    final Fleet fleet = new Fleet(REDIS);

    @Test
    void aShardFailsOverToAReplicaThatMissedTheLastWrites() {
        REDIS.flush();
        List<RedisNode> nodes = fleet.startTwoWatched("hall");
        Tab lost = fleet.tab(nodes.get(0), "lost", "hall");
        fleet.tab(nodes.get(1), "kim", "hall");
        fleet.awaitRight(Fleet.SETTLE, "before the replica falls behind");
        String key = KEYS.presence(UserId.of("lost"));

        fleet.log().note("FAULT the replica of the master holding " + key + " (port " + REDIS.shardPort(key)
                + ") is frozen and cut off; the master is killed once lost's tab closed");
        REDIS.failOverToStaleReplica(key, () -> fleet.close(lost));
        Instant fault = Instant.now();
        fleet.log().note("FAULT the cluster promoted the replica that missed the last writes");

        fleet.assertRightWithinBound(fault, "a shard failed over to a replica that missed the last writes");
    }
}
