package dev.roster.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.adapters.redis.testing.TestRedis;
import dev.roster.application.port.out.NodeLeases;
import dev.roster.application.port.out.PresenceEventBus;
import dev.roster.application.port.out.RoomBus;
import dev.roster.application.port.out.RoomEvent.ChatMessage;
import dev.roster.application.port.out.RoomEvent.PresenceNotice;
import dev.roster.application.port.out.RoomMessageBus;
import dev.roster.application.port.out.contract.NodeLeasesContract;
import dev.roster.application.port.out.contract.PresenceEventBusContract;
import dev.roster.application.port.out.contract.PresenceStoreContract;
import dev.roster.application.port.out.contract.RoomMessageBusContract;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ROSTER_REDIS_URL=redis-sentinel://host:port#master} works: every port contract suite against a store
 * opened through a Sentinel of the test's own, which names a {@code redis-server} master of the test's own.
 */
class RedisSentinelContractsTest {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.sentinel();

    @Test
    void theStoreKeepsItsDataOnTheMasterTheSentinelNames() {
        assertThat(REDIS.url()).startsWith("redis-sentinel://127.0.0.1:").endsWith("#mymaster");
        RedisClient master = RedisClient.create(REDIS.masterUrl());
        try (StatefulRedisConnection<String, String> direct = master.connect()) {
            direct.sync().flushall();
            // opening writes the epoch markers of the reset watcher: they must land on the master itself
            try (RedisStore store = StoreOnTestRedis.open(REDIS)) {
                assertThat(store.health().available()).isTrue();
                assertThat(direct.sync().keys("*")).isNotEmpty();
            }
        } finally {
            master.shutdown();
        }
    }

    @Nested
    class PresenceStore extends PresenceStoreContract {
        private RedisStore opened;

        @Override
        protected Store newStore() {
            opened = StoreOnTestRedis.open(REDIS);
            return new Store(opened.presence(), opened.presence());
        }

        @Override
        protected void discard(Store store) {
            opened.close();
        }
    }

    @Nested
    class Leases extends NodeLeasesContract {
        private RedisStore opened;

        @Override
        protected NodeLeases newLeases() {
            opened = StoreOnTestRedis.open(REDIS);
            return opened.leases();
        }

        @Override
        protected void discard(NodeLeases leases) {
            opened.close();
        }
    }

    @Nested
    class PresenceBus extends PresenceEventBusContract {
        private RedisStore opened;

        @Override
        protected PresenceEventBus newBus() {
            opened = StoreOnTestRedis.open(REDIS);
            return opened.presenceBus();
        }

        @Override
        protected void discard(RoomBus<PresenceNotice> bus) {
            opened.close();
        }
    }

    @Nested
    class MessageBus extends RoomMessageBusContract {
        private RedisStore opened;

        @Override
        protected RoomMessageBus newBus() {
            opened = StoreOnTestRedis.open(REDIS);
            return opened.messageBus();
        }

        @Override
        protected void discard(RoomBus<ChatMessage> bus) {
            opened.close();
        }
    }
}
