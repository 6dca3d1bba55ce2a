package dev.roster.bootstrap.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.roster.adapters.redis.RedisStore;
import dev.roster.application.port.in.RestoreUseCase;
import dev.roster.application.port.out.ActivityFeed;
import dev.roster.application.port.out.ControlBus;
import dev.roster.application.port.out.NodeLeases;
import dev.roster.application.port.out.PresenceDirectory;
import dev.roster.application.port.out.PresenceEventBus;
import dev.roster.application.port.out.RoomMessageBus;
import dev.roster.application.port.out.SessionRegistry;
import dev.roster.application.port.out.StoreHealth;
import dev.roster.application.port.out.Telemetry;
import dev.roster.bootstrap.StoreConnection;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Every store port is served by the one Redis store, built once; nothing connects until the node starts. */
class RedisStoreModuleTest {

    @Test
    void every_port_is_a_part_of_the_one_store() {
        Injector injector = Guice.createInjector(new RedisStoreModule("redis://127.0.0.1:1", null),
                new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(Telemetry.class).toInstance(Telemetry.NONE);
                        bind(RestoreUseCase.class).toInstance(() -> CompletableFuture.completedFuture(0));
                    }
                });
        try (RedisStore store = injector.getInstance(RedisStore.class)) {
            assertThat(injector.getInstance(SessionRegistry.class)).isSameAs(store.presence());
            assertThat(injector.getInstance(PresenceDirectory.class)).isSameAs(store.presence());
            assertThat(injector.getInstance(PresenceEventBus.class)).isSameAs(store.presenceBus());
            assertThat(injector.getInstance(RoomMessageBus.class)).isSameAs(store.messageBus());
            assertThat(injector.getInstance(NodeLeases.class)).isSameAs(store.leases());
            assertThat(injector.getInstance(StoreHealth.class)).isSameAs(store.health());
            assertThat(injector.getInstance(ActivityFeed.class)).isSameAs(store.activityFeed());
            assertThat(injector.getInstance(ControlBus.class)).isSameAs(store.controlBus());
            assertThat(injector.getInstance(StoreConnection.class))
                    .isSameAs(injector.getInstance(StoreConnection.class));
        }
    }
}
