package dev.roster.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.roster.adapters.memory.AlwaysAvailable;
import dev.roster.adapters.memory.InMemoryActivityFeed;
import dev.roster.adapters.memory.InMemoryDeliveryLedger;
import dev.roster.adapters.memory.InMemoryEventLog;
import dev.roster.adapters.memory.InMemoryNodeLeases;
import dev.roster.adapters.memory.InMemoryPresenceEventBus;
import dev.roster.adapters.memory.InMemoryPresenceStore;
import dev.roster.adapters.memory.InMemoryRoomMessageBus;
import dev.roster.application.port.out.ActivityFeed;
import dev.roster.application.port.out.Clock;
import dev.roster.application.port.out.ControlBus;
import dev.roster.application.port.out.DeliveryLedger;
import dev.roster.application.port.out.EventLog;
import dev.roster.application.port.out.NodeLeases;
import dev.roster.application.port.out.PresenceDirectory;
import dev.roster.application.port.out.PresenceEventBus;
import dev.roster.application.port.out.RoomMessageBus;
import dev.roster.application.port.out.SessionRegistry;
import dev.roster.application.port.out.StoreHealth;
import dev.roster.application.port.out.Telemetry;
import java.time.Duration;
import java.util.Objects;

/** The embedded default: every store port held in this process, for a single node. */
public final class MemoryStoreModule extends AbstractModule implements StoreModule {
    private final int eventsKeep;
    private final Duration eventsMaxAge;

    /** With the event log's defaults: the newest 100000 events, for at most a day. */
    public MemoryStoreModule() {
        this(InMemoryEventLog.DEFAULT_KEEP, InMemoryEventLog.DEFAULT_MAX_AGE);
    }

    /**
     * @param eventsKeep   how many of the newest events the log keeps ({@code ROSTER_EVENTS_KEEP}), at least 1
     * @param eventsMaxAge how long the log keeps an event at most ({@code ROSTER_EVENTS_MAX_AGE_S}); zero for no
     *                     limit
     */
    public MemoryStoreModule(int eventsKeep, Duration eventsMaxAge) {
        if (eventsKeep < 1) {
            throw new IllegalArgumentException("eventsKeep must be at least 1, got " + eventsKeep);
        }
        this.eventsKeep = eventsKeep;
        this.eventsMaxAge = Objects.requireNonNull(eventsMaxAge, "eventsMaxAge");
    }

    @Override
    public String description() {
        return "in-memory (embedded default, single node; set ROSTER_REDIS_URL to share presence across nodes)";
    }

    @Override
    protected void configure() {
        // one store answers both the write and the read side, so that the indexes always match the presences
        bind(SessionRegistry.class).to(InMemoryPresenceStore.class);
        bind(PresenceDirectory.class).to(InMemoryPresenceStore.class);
        bind(PresenceEventBus.class).to(InMemoryPresenceEventBus.class);
        bind(RoomMessageBus.class).to(InMemoryRoomMessageBus.class);
        bind(ActivityFeed.class).to(InMemoryActivityFeed.class);
        bind(NodeLeases.class).to(InMemoryNodeLeases.class).in(Singleton.class);
        bind(StoreHealth.class).to(AlwaysAvailable.class).in(Singleton.class);
        bind(DeliveryLedger.class).to(InMemoryDeliveryLedger.class).in(Singleton.class);
        // a single node has no other node to command
        bind(ControlBus.class).toInstance(ControlBus.NONE);
        bind(StoreConnection.class).toInstance(StoreConnection.NONE);
        // each bus and the feed deliver on a thread of their own, stopped at shutdown
        Multibinder<AutoCloseable> closing = Multibinder.newSetBinder(binder(), AutoCloseable.class, OnShutdown.class);
        closing.addBinding().to(InMemoryPresenceEventBus.class);
        closing.addBinding().to(InMemoryRoomMessageBus.class);
        closing.addBinding().to(InMemoryActivityFeed.class);
    }

    @Provides
    @Singleton
    InMemoryPresenceEventBus presenceBus(Telemetry telemetry) {
        return new InMemoryPresenceEventBus(telemetry);
    }

    @Provides
    @Singleton
    InMemoryRoomMessageBus messageBus(Telemetry telemetry) {
        return new InMemoryRoomMessageBus(telemetry);
    }

    @Provides
    @Singleton
    InMemoryActivityFeed activityFeed(Telemetry telemetry) {
        return new InMemoryActivityFeed(telemetry);
    }

    @Provides
    @Singleton
    InMemoryPresenceStore store(Clock clock) {
        return new InMemoryPresenceStore(clock, new InMemoryEventLog(eventsKeep, eventsMaxAge, clock));
    }

    /** The log the store appends to as it commits: the one log of this node. */
    @Provides
    @Singleton
    EventLog eventLog(InMemoryPresenceStore store) {
        return store.eventLog();
    }

    @Provides
    @Singleton
    InMemoryDeliveryLedger deliveryLedger(Clock clock) {
        return new InMemoryDeliveryLedger(clock);
    }
}
