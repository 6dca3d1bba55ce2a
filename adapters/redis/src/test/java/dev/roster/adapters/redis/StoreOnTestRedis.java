package dev.roster.adapters.redis;

import dev.roster.testsupport.redis.TestRedis;

/** Opens an empty store on the test's Redis: every key of earlier tests flushed first. */
final class StoreOnTestRedis {
    private StoreOnTestRedis() {
    }

    static RedisStore open(TestRedis redis) {
        return open(redis, RedisSettings.defaults());
    }

    static RedisStore open(TestRedis redis, RedisSettings settings) {
        redis.flush();
        return RedisStore.open(redis.url(), redis.clusterSeeds(), settings);
    }
}
