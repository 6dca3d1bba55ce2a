package dev.roster.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.roster.adapters.memory.AlwaysAvailable;
import dev.roster.adapters.memory.InMemoryActivityFeed;
import dev.roster.adapters.memory.InMemoryNodeLeases;
import dev.roster.adapters.memory.InMemoryPresenceEventBus;
import dev.roster.adapters.memory.InMemoryPresenceStore;
import dev.roster.adapters.memory.InMemoryRoomMessageBus;
import dev.roster.application.port.out.ActivityFeed;
import dev.roster.application.port.out.Clock;
import dev.roster.application.port.out.ControlBus;
import dev.roster.application.port.out.NodeLeases;
import dev.roster.application.port.out.PresenceDirectory;
import dev.roster.application.port.out.PresenceEventBus;
import dev.roster.application.port.out.RoomMessageBus;
import dev.roster.application.port.out.SessionRegistry;
import dev.roster.application.port.out.StoreHealth;
import dev.roster.application.port.out.Telemetry;

/** The embedded default: every store port held in this process, for a single node. */
public final class MemoryStoreModule extends AbstractModule implements StoreModule {

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
        return new InMemoryPresenceStore(clock);
    }
}
