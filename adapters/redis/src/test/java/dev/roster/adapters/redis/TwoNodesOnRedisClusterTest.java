package dev.roster.adapters.redis;

import dev.roster.testsupport.redis.TestRedis;
import org.junit.jupiter.api.extension.RegisterExtension;

class TwoNodesOnRedisClusterTest extends TwoNodeScenarios {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.cluster();

    @Override
    TestRedis redis() {
        return REDIS;
    }
}
