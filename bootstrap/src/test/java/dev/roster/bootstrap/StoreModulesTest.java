package dev.roster.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreModulesTest {

    private static Config config(Map<String, String> env) {
        return Config.load(env, "host", new SecureRandom());
    }

    @Test
    void without_redis_the_node_runs_on_the_in_memory_store_and_says_it_is_single_node() {
        StoreModule store = StoreModules.forConfig(config(Map.of()));

        assertThat(store).isInstanceOf(MemoryStoreModule.class);
        assertThat(store.description()).contains("in-memory", "single node", "ROSTER_REDIS_URL");
    }

    @Test
    void a_redis_url_or_cluster_chooses_redis_and_the_description_hides_the_password() {
        StoreModule url = StoreModules.forConfig(config(Map.of("ROSTER_REDIS_URL", "redis://:pw123@127.0.0.1:6379",
                "ROSTER_AUTH", "dev")));
        StoreModule cluster = StoreModules.forConfig(config(Map.of("ROSTER_REDIS_CLUSTER", "127.0.0.1:7000",
                "ROSTER_AUTH", "dev")));

        assertThat(url).isNotInstanceOf(MemoryStoreModule.class);
        assertThat(url.description()).contains("Redis").doesNotContain("pw123");
        assertThat(cluster).isNotInstanceOf(MemoryStoreModule.class);
        assertThat(cluster.description()).contains("127.0.0.1:7000");
    }
}
