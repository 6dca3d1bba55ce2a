package dev.roster.adapters.redis;

import dev.roster.testsupport.redis.TestRedis;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every port contract suite against a 3-master cluster Redis of the test's own. */
class RedisClusterContractsTest extends RedisContracts {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.cluster();

    @Override
    TestRedis redis() {
        return REDIS;
    }
}
