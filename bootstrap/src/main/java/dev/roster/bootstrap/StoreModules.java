package dev.roster.bootstrap;

import dev.roster.adapters.redis.RedisSettings;
import dev.roster.bootstrap.redis.RedisStoreModule;

/** Chooses the store a configuration asks for. */
public final class StoreModules {
    private StoreModules() {
    }

    /** The store module for this configuration: Redis when a URL or cluster seeds are set, else in-memory. */
    public static StoreModule forConfig(Config config) {
        EventSettings events = config.events();
        if (config.usesRedis()) {
            return new RedisStoreModule(config.redisUrl(), config.redisCluster(),
                    RedisSettings.defaults().keepingEvents(events.keep(), events.maxAge()));
        }
        return new MemoryStoreModule(events.keep(), events.maxAge());
    }
}
