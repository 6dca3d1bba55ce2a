package dev.roster.bootstrap;

import dev.roster.bootstrap.redis.RedisStoreModule;

/** Chooses the store a configuration asks for. */
public final class StoreModules {
    private StoreModules() {
    }

    /** The store module for this configuration: Redis when a URL or cluster seeds are set, else in-memory. */
    public static StoreModule forConfig(Config config) {
        if (config.usesRedis()) {
            return new RedisStoreModule(config.redisUrl(), config.redisCluster());
        }
        return new MemoryStoreModule();
    }
}
