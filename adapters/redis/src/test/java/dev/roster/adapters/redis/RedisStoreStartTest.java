package dev.roster.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.adapters.redis.testing.TestRedis;
import dev.roster.application.port.out.StoreUnavailableException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A node may start before Redis does: it waits for it, within a bound, and then says why it gives up. */
class RedisStoreStartTest {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.restartable();

    @AfterEach
    void redisRunsAgain() {
        REDIS.restart();
    }

    @Test
    void aStoreOpenedBeforeRedisAnswersWaitsForIt() {
        REDIS.stop();
        // set when the restart begins: the store may reach Redis before restart() itself has returned
        AtomicBoolean restarting = new AtomicBoolean();
        CompletableFuture<Void> late = CompletableFuture.runAsync(() -> {
            restarting.set(true);
            REDIS.restart();
        }, CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));

        try (RedisStore store = RedisStore.open(REDIS.url(), null,
                RedisSettings.defaults().connectingWithin(Duration.ofSeconds(20)))) {
            assertThat(restarting).as("the store opened only once Redis was coming back").isTrue();
            assertThat(store.health().available()).isTrue();
        }
        late.join();
    }

    @Test
    void aRedisThatNeverAnswersFailsTheStartWithTheReason() {
        REDIS.stop();

        assertThatThrownBy(() -> RedisStore.open(REDIS.url(), null,
                RedisSettings.defaults().connectingWithin(Duration.ofMillis(800))))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("did not answer within");
    }
}
