package dev.roster.adapters.redis;

import dev.roster.application.port.out.ActivityFeed;
import dev.roster.application.port.out.DeliveryLedger;
import dev.roster.application.port.out.NodeLeases;
import dev.roster.application.port.out.PresenceEventBus;
import dev.roster.application.port.out.RoomBus;
import dev.roster.application.port.out.RoomEvent.ChatMessage;
import dev.roster.application.port.out.RoomEvent.PresenceNotice;
import dev.roster.application.port.out.RoomMessageBus;
import dev.roster.application.port.out.contract.ActivityFeedContract;
import dev.roster.application.port.out.contract.DeliveryLedgerContract;
import dev.roster.application.port.out.contract.EventLogContract;
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

    /** The store of the running test, opened on an emptied Redis by {@link #openStore()}. */
    private RedisStore opened;

    RedisStore openStore() {
        return openStore(RedisSettings.defaults());
    }

    RedisStore openStore(RedisSettings settings) {
        opened = StoreOnTestRedis.open(redis(), settings);
        return opened;
    }

    void closeStore() {
        opened.close();
    }

    @Nested
    class PresenceStore extends PresenceStoreContract {
        @Override
        protected Store newStore() {
            RedisStore store = openStore();
            return new Store(store.presence(), store.presence());
        }

        @Override
        protected void discard(Store store) {
            closeStore();
        }
    }

    @Nested
    class Leases extends NodeLeasesContract {
        @Override
        protected NodeLeases newLeases() {
            return openStore().leases();
        }

        @Override
        protected void discard(NodeLeases leases) {
            closeStore();
        }
    }

    @Nested
    class PresenceBus extends PresenceEventBusContract {
        @Override
        protected PresenceEventBus newBus() {
            return openStore().presenceBus();
        }

        @Override
        protected void discard(RoomBus<PresenceNotice> bus) {
            closeStore();
        }
    }

    @Nested
    class MessageBus extends RoomMessageBusContract {
        @Override
        protected RoomMessageBus newBus() {
            return openStore().messageBus();
        }

        @Override
        protected void discard(RoomBus<ChatMessage> bus) {
            closeStore();
        }
    }

    @Nested
    class Events extends EventLogContract {
        @Override
        protected Subject newSubject(int keep) {
            RedisSettings defaults = RedisSettings.defaults();
            RedisStore store = openStore(defaults.keepingEvents(keep, defaults.eventsMaxAge()));
            return new Subject(store.presence(), store.events());
        }

        @Override
        protected void discard(Subject subject) {
            closeStore();
        }
    }

    @Nested
    class Ledger extends DeliveryLedgerContract {
        @Override
        protected DeliveryLedger newLedger() {
            return openStore().ledger();
        }

        @Override
        protected void discard(DeliveryLedger ledger) {
            closeStore();
        }
    }

    @Nested
    class Activities extends ActivityFeedContract {
        @Override
        protected ActivityFeed newFeed() {
            return openStore().activityFeed();
        }

        @Override
        protected void discard(ActivityFeed feed) {
            closeStore();
        }
    }
}
