package dev.roster.adapters.redis;

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
import dev.roster.testsupport.redis.TestRedis;
import org.junit.jupiter.api.Nested;

/**
 * Every port contract suite against a Redis of the test's own, started once for all of them; each subclass says
 * which kind of Redis (standalone, Sentinel, cluster) and registers it as an extension.
 */
abstract class RedisContracts {

    abstract TestRedis redis();

    @Nested
    class PresenceStore extends PresenceStoreContract {
        private RedisStore opened;

        @Override
        protected Store newStore() {
            opened = StoreOnTestRedis.open(redis());
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
            opened = StoreOnTestRedis.open(redis());
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
            opened = StoreOnTestRedis.open(redis());
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
            opened = StoreOnTestRedis.open(redis());
            return opened.messageBus();
        }

        @Override
        protected void discard(RoomBus<ChatMessage> bus) {
            opened.close();
        }
    }
}
