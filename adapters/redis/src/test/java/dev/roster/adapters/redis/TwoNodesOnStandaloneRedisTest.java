package dev.roster.adapters.redis;

import dev.roster.testsupport.redis.TestRedis;
import org.junit.jupiter.api.extension.RegisterExtension;

class TwoNodesOnStandaloneRedisTest extends TwoNodeScenarios {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.standalone();

    @Override
    TestRedis redis() {
        return REDIS;
    }
}
