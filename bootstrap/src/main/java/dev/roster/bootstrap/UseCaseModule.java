package dev.roster.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.roster.application.port.in.AdminDisconnectUseCase;
import dev.roster.application.port.in.AuthenticateUseCase;
import dev.roster.application.port.in.ConnectUseCase;
import dev.roster.application.port.in.DisconnectUseCase;
import dev.roster.application.port.in.EventDeliveryUseCase;
import dev.roster.application.port.in.ExpireGraceUseCase;
import dev.roster.application.port.in.HousekeepingUseCase;
import dev.roster.application.port.in.JoinRoomUseCase;
import dev.roster.application.port.in.LeaveRoomUseCase;
import dev.roster.application.port.in.NodeHealthUseCase;
import dev.roster.application.port.in.NodeLeaseUseCase;
import dev.roster.application.port.in.QueryPresenceUseCase;
import dev.roster.application.port.in.ReadEventsUseCase;
import dev.roster.application.port.in.ReconcileUseCase;
import dev.roster.application.port.in.RestoreUseCase;
import dev.roster.application.port.in.SayUseCase;
import dev.roster.application.port.in.SetStatusUseCase;
import dev.roster.application.port.in.WatchActivityUseCase;
import dev.roster.application.port.in.WhoUseCase;
import dev.roster.application.port.out.ActivityFeed;
import dev.roster.application.port.out.Authenticator;
import dev.roster.application.port.out.ClientGateway;
import dev.roster.application.port.out.Clock;
import dev.roster.application.port.out.ControlBus;
import dev.roster.application.port.out.DeliveryLedger;
import dev.roster.application.port.out.EventLog;
import dev.roster.application.port.out.EventSink;
import dev.roster.application.port.out.NodeLeases;
import dev.roster.application.port.out.PresenceDirectory;
import dev.roster.application.port.out.PresenceEventBus;
import dev.roster.application.port.out.RoomAuthorizer;
import dev.roster.application.port.out.RoomMessageBus;
import dev.roster.application.port.out.Scheduler;
import dev.roster.application.port.out.SessionRegistry;
import dev.roster.application.port.out.StoreHealth;
import dev.roster.application.port.out.Telemetry;
import dev.roster.application.service.DeliverySettings;
import dev.roster.application.service.UseCases;
import dev.roster.domain.GracePeriod;
import dev.roster.domain.Limits;
import dev.roster.domain.NodeBoot;
import java.util.Optional;

/**
 * The application: its use cases, built once from the ports the other modules bind, each bound to its
 * {@code port.in} interface so that adapters and the node are handed exactly the ones they drive.
 */
final class UseCaseModule extends AbstractModule {

    @Provides
    @Singleton
    UseCases.Settings settings(Config config) {
        EventSettings events = config.events();
        return new UseCases.Settings(new NodeBoot(config.node(), config.boot()),
                new GracePeriod(config.grace()), config.lease(), config.largeRoom(), config.crowdTick())
                .withRoomsOpen(config.authz().roomsOpen())
                .withLimits(new Limits(config.limits().maxSessionsPerUser(), config.limits().maxRoomsPerSession()))
                .withDelivery(new DeliverySettings(events.batch(), events.maxTries(), events.retryBase(),
                        events.retryMax(), DeliverySettings.DEFAULT.lease()));
    }

    @Provides
    @Singleton
    UseCases.Ports ports(SessionRegistry registry, PresenceDirectory directory, PresenceEventBus presenceBus,
                         RoomMessageBus messageBus, NodeLeases leases, ClientGateway gateway,
                         Authenticator authenticator, Clock clock, Scheduler scheduler, Telemetry telemetry,
                         ActivityFeed feed, ControlBus control, StoreHealth health, RoomAuthorizer authorizer,
                         EventLog eventLog, DeliveryLedger ledger, Optional<EventSink> sink) {
        // without a sink the log is kept and read, and delivered nowhere
        return new UseCases.Ports(registry, directory, presenceBus, messageBus, leases, gateway, authenticator,
                clock, scheduler, telemetry, feed, control, health, authorizer)
                .withEvents(eventLog, ledger, sink.orElse(null));
    }

    @Provides
    @Singleton
    UseCases useCases(UseCases.Ports ports, UseCases.Settings settings) {
        return new UseCases(ports, settings);
    }

    /** This boot of this node, as the operators' console names it. */
    @Provides
    @Singleton
    NodeBoot nodeBoot(UseCases.Settings settings) {
        return settings.node();
    }

    @Provides
    AuthenticateUseCase authenticate(UseCases useCases) {
        return useCases.authenticate();
    }

    @Provides
    ConnectUseCase connect(UseCases useCases) {
        return useCases.connect();
    }

    @Provides
    DisconnectUseCase disconnect(UseCases useCases) {
        return useCases.disconnect();
    }

    @Provides
    JoinRoomUseCase join(UseCases useCases) {
        return useCases.join();
    }

    @Provides
    LeaveRoomUseCase leave(UseCases useCases) {
        return useCases.leave();
    }

    @Provides
    SetStatusUseCase setStatus(UseCases useCases) {
        return useCases.setStatus();
    }

    @Provides
    SayUseCase say(UseCases useCases) {
        return useCases.say();
    }

    @Provides
    WhoUseCase who(UseCases useCases) {
        return useCases.who();
    }

    @Provides
    QueryPresenceUseCase query(UseCases useCases) {
        return useCases.query();
    }

    @Provides
    ExpireGraceUseCase expireGrace(UseCases useCases) {
        return useCases.expireGrace();
    }

    @Provides
    NodeLeaseUseCase nodeLeases(UseCases useCases) {
        return useCases.nodeLeases();
    }

    @Provides
    RestoreUseCase restore(UseCases useCases) {
        return useCases.restore();
    }

    @Provides
    ReconcileUseCase reconcile(UseCases useCases) {
        return useCases.reconcile();
    }

    @Provides
    AdminDisconnectUseCase adminDisconnect(UseCases useCases) {
        return useCases.adminDisconnect();
    }

    @Provides
    HousekeepingUseCase housekeeping(UseCases useCases) {
        return useCases.housekeeping();
    }

    @Provides
    NodeHealthUseCase health(UseCases useCases) {
        return useCases.health();
    }

    @Provides
    WatchActivityUseCase watchActivity(UseCases useCases) {
        return useCases.watchActivity();
    }

    @Provides
    ReadEventsUseCase readEvents(UseCases useCases) {
        return useCases.readEvents();
    }

    @Provides
    EventDeliveryUseCase eventDelivery(UseCases useCases) {
        return useCases.eventDelivery();
    }
}
