package dev.roster.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.roster.application.port.out.ActivityFeed;
import dev.roster.application.port.out.Authenticator;
import dev.roster.application.port.out.ClientGateway;
import dev.roster.application.port.out.Clock;
import dev.roster.application.port.out.ControlBus;
import dev.roster.application.port.out.NodeLeases;
import dev.roster.application.port.out.PresenceDirectory;
import dev.roster.application.port.out.PresenceEventBus;
import dev.roster.application.port.out.RoomMessageBus;
import dev.roster.application.port.out.Scheduler;
import dev.roster.application.port.out.SessionRegistry;
import dev.roster.application.port.out.Telemetry;
import dev.roster.application.service.NodeIdentity;
import dev.roster.application.service.RosterApplication;
import dev.roster.domain.GracePeriod;

/**
 * The whole node: the configuration, the store it chooses ({@link StoreModules#forConfig}), the node's clock and
 * scheduler, the web side, and the application built from the ports they bind.
 */
public final class RosterModule extends AbstractModule {
    private final Config config;
    private final StoreModule store;

    public RosterModule(Config config) {
        this(config, StoreModules.forConfig(config));
    }

    public RosterModule(Config config, StoreModule store) {
        this.config = config;
        this.store = store;
    }

    @Override
    protected void configure() {
        bind(Config.class).toInstance(config);
        bind(StoreModule.class).toInstance(store);
        // the runtime first: its scheduler must stop before the store it works on is closed
        install(new NodeRuntimeModule());
        install(store);
        install(new WebModule());
    }

    @Provides
    @Singleton
    RosterApplication.Settings settings(Config config) {
        return new RosterApplication.Settings(new NodeIdentity(config.node(), config.boot()),
                new GracePeriod(config.grace()), config.lease(), config.largeRoom(), config.crowdTick());
    }

    @Provides
    @Singleton
    RosterApplication.Ports ports(SessionRegistry registry, PresenceDirectory directory, PresenceEventBus presenceBus,
                                  RoomMessageBus messageBus, NodeLeases leases, ClientGateway gateway,
                                  Authenticator authenticator, Clock clock, Scheduler scheduler, Telemetry telemetry,
                                  ActivityFeed feed, ControlBus control) {
        return new RosterApplication.Ports(registry, directory, presenceBus, messageBus, leases, gateway,
                authenticator, clock, scheduler, telemetry, feed, control);
    }

    @Provides
    @Singleton
    RosterApplication application(RosterApplication.Ports ports, RosterApplication.Settings settings) {
        return new RosterApplication(ports, settings);
    }
}
