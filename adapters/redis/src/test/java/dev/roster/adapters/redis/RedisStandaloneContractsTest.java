package dev.roster.adapters.redis;

import dev.roster.testsupport.redis.TestRedis;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every port contract suite against a standalone Redis of the test's own. */
class RedisStandaloneContractsTest extends RedisContracts {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.standalone();

    @Override
    TestRedis redis() {
        return REDIS;
    }
}
