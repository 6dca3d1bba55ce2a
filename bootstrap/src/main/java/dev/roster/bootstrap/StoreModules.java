package dev.roster.bootstrap;

/** Chooses the store a configuration asks for. */
public final class StoreModules {
    private StoreModules() {
    }

    /** The store module for this configuration: in-memory when no Redis is configured. */
    public static StoreModule forConfig(Config config) {
        if (config.usesRedis()) {
            // running on memory while the operator asked for Redis would split the cluster without a word
            throw new ConfigException("ROSTER_REDIS_URL / ROSTER_REDIS_CLUSTER are set, but this build has no Redis"
                    + " store wired in; unset them to run single-node on the in-memory store");
        }
        return new MemoryStoreModule();
    }
}
