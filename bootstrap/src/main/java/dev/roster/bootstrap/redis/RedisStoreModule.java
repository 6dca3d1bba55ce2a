package dev.roster.bootstrap.redis;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.roster.adapters.redis.RedisSettings;
import dev.roster.adapters.redis.RedisStore;
import dev.roster.application.port.out.ActivityFeed;
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
import dev.roster.bootstrap.OnShutdown;
import dev.roster.bootstrap.StoreConnection;
import dev.roster.bootstrap.StoreModule;
import java.util.function.Function;

/**
 * Every store port on Redis, shared by all nodes: {@code ROSTER_REDIS_URL} ({@code redis://}, {@code rediss://},
 * {@code redis-sentinel://}) or the seeds of {@code ROSTER_REDIS_CLUSTER}. The store is built unconnected and
 * connects when the node starts ({@link StoreConnection}), waiting for Redis as long as it takes. When Redis comes
 * back without this node's data, the node registers its live sessions and rooms again ({@link RestoreOnReset}).
 * The event log and its delivery ledger live in the same Redis, one log for every node on it.
 */
public final class RedisStoreModule extends AbstractModule implements StoreModule {
    private final String url;
    private final String clusterSeeds;
    private final RedisSettings settings;

    public RedisStoreModule(String url, String clusterSeeds) {
        this(url, clusterSeeds, RedisSettings.defaults());
    }

    public RedisStoreModule(String url, String clusterSeeds, RedisSettings settings) {
        if ((url == null || url.isBlank()) && (clusterSeeds == null || clusterSeeds.isBlank())) {
            throw new IllegalArgumentException("a Redis URL or the seeds of a Redis Cluster are needed");
        }
        this.url = url;
        this.clusterSeeds = clusterSeeds;
        this.settings = settings;
    }

    @Override
    public String description() {
        String where = clusterSeeds != null && !clusterSeeds.isBlank()
                ? "Redis Cluster " + clusterSeeds
                : "Redis " + url.replaceFirst("^([a-z-]+://)[^@/]*@", "$1***@");
        return where + " (presence shared by every node on it)";
    }

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), AutoCloseable.class, OnShutdown.class).addBinding().to(RedisStore.class);
        bind(RestoreOnReset.class).asEagerSingleton();
        fromStore(StoreConnection.class, store -> store::connect);
        fromStore(SessionRegistry.class, RedisStore::presence);
        fromStore(PresenceDirectory.class, RedisStore::presence);
        fromStore(PresenceEventBus.class, RedisStore::presenceBus);
        fromStore(RoomMessageBus.class, RedisStore::messageBus);
        fromStore(NodeLeases.class, RedisStore::leases);
        fromStore(StoreHealth.class, RedisStore::health);
        fromStore(ActivityFeed.class, RedisStore::activityFeed);
        fromStore(ControlBus.class, RedisStore::controlBus);
        fromStore(EventLog.class, RedisStore::events);
        fromStore(DeliveryLedger.class, RedisStore::ledger);
    }

    /** Binds {@code port} to the part of the one store that serves it. */
    private <T> void fromStore(Class<T> port, Function<RedisStore, ? extends T> part) {
        Provider<RedisStore> store = getProvider(RedisStore.class);
        Provider<T> served = () -> part.apply(store.get());
        bind(port).toProvider(served).in(Singleton.class);
    }

    @Provides
    @Singleton
    RedisStore store(Telemetry telemetry) {
        return RedisStore.create(url, clusterSeeds, settings, telemetry);
    }
}
