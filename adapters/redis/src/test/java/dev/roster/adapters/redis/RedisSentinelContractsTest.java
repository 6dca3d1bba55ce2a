package dev.roster.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.testsupport.redis.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ROSTER_REDIS_URL=redis-sentinel://host:port#master} works: every port contract suite against a store
 * opened through a Sentinel of the test's own, which names a {@code redis-server} master of the test's own.
 */
class RedisSentinelContractsTest extends RedisContracts {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.sentinel();

    @Test
    void theStoreKeepsItsDataOnTheMasterTheSentinelNames() {
        assertThat(REDIS.url()).startsWith("redis-sentinel://127.0.0.1:").endsWith("#mymaster");
        RedisClient master = RedisClient.create(REDIS.masterUrl());
        try (StatefulRedisConnection<String, String> direct = master.connect()) {
            direct.sync().flushall();
            // opening writes the epoch markers of the reset watcher: they must land on the master itself
            try (RedisStore store = StoreOnTestRedis.open(REDIS)) {
                assertThat(store.health().available()).isTrue();
                assertThat(direct.sync().keys("*")).isNotEmpty();
            }
        } finally {
            master.shutdown();
        }
    }

    @Override
    TestRedis redis() {
        return REDIS;
    }
}
