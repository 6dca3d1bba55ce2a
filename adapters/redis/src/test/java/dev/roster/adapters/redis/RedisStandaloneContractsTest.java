package dev.roster.adapters.redis;

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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every port contract suite against a standalone Redis of the test's own, started once for all of them. */
class RedisStandaloneContractsTest {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.standalone();

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
