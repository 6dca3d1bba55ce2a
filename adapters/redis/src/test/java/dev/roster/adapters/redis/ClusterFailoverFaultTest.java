package dev.roster.adapters.redis;

import dev.roster.adapters.redis.testing.Fleet.Tab;
import dev.roster.adapters.redis.testing.Fleet;
import dev.roster.adapters.redis.testing.RedisNode;
import dev.roster.domain.UserId;
import dev.roster.testsupport.faults.EventLog;
import dev.roster.testsupport.faults.FaultBound;
import dev.roster.testsupport.redis.TestRedis;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
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

    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final Keys KEYS = new Keys(RedisSettings.defaults().buckets());

    private final EventLog log = new EventLog(true);
    private final Fleet fleet = new Fleet(REDIS, log);

    @AfterEach
    void stopNodes() {
        fleet.close();
    }

    @Test
    void aShardFailsOverToAReplicaThatMissedTheLastWrites() {
        REDIS.flush();
        RedisNode a = fleet.start("node-a");
        RedisNode b = fleet.start("node-b");
        fleet.watch(a, "watch-a", "hall");
        fleet.watch(b, "watch-b", "hall");
        Tab lost = fleet.open(a, "lost");
        fleet.join(lost, "hall");
        fleet.join(fleet.open(b, "kim"), "hall");
        fleet.awaitRight(SETTLE, "before the replica falls behind");
        String key = KEYS.presence(UserId.of("lost"));

        log.note("FAULT the replica of the master holding " + key + " (port " + REDIS.shardPort(key)
                + ") is frozen and cut off; the master is killed once lost's tab closed");
        REDIS.failOverToStaleReplica(key, () -> fleet.close(lost));
        Instant fault = Instant.now();
        log.note("FAULT the cluster promoted the replica that missed the last writes");

        fleet.assertRightWithinBound(fault, "a shard failed over to a replica that missed the last writes");
    }
}
