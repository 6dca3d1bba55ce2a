package dev.roster.application.service;

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
import dev.roster.domain.NodeBoot;
import dev.roster.domain.GracePeriod;
import dev.roster.domain.Limits;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Builds every use case of one node from its outgoing ports and settings, and wires them to each other (grace
 * timers end in an expiry, a lost lease in a restore, the buses in local delivery). The one public way to the
 * services, so that they stay package-private and are put together explicitly, with no container in this layer;
 * the composition root binds what it hands out to the {@code port.in} interfaces.
 */
public final class UseCases {
    private final LocalRoster roster = new LocalRoster();
    private final NodeBoot node;

    private final AuthenticateUseCase authenticate;
    private final ConnectUseCase connect;
    private final DisconnectUseCase disconnect;
    private final JoinRoomUseCase join;
    private final LeaveRoomUseCase leave;
    private final SetStatusUseCase setStatus;
    private final SayUseCase say;
    private final WhoUseCase who;
    private final QueryPresenceUseCase query;
    private final ExpireGraceUseCase expireGrace;
    private final NodeLeaseUseCase nodeLeases;
    private final RestoreUseCase restore;
    private final ReconcileUseCase reconcile;
    private final AdminDisconnectUseCase adminDisconnect;
    private final HousekeepingUseCase housekeeping;
    private final NodeHealthUseCase health;
    private final WatchActivityUseCase watchActivity;
    private final ReadEventsUseCase readEvents;
    private final EventDeliveryUseCase eventDelivery;

    /**
     * The outgoing ports a node needs.
     *
     * @param authorizer asked about rooms a user's credentials do not grant; {@link RoomAuthorizer#NONE} when the
     *                   node has none, and {@link Settings#roomsOpen()} decides instead
     * @param eventLog   the cluster's event log, read by back ends and delivered to the sink; {@link EventLog#NONE}
     *                   when the node keeps none
     * @param ledger     what the nodes share about delivering the log; null when there is no sink
     * @param sink       where the log is delivered; null when it is delivered nowhere
     */
    public record Ports(SessionRegistry registry, PresenceDirectory directory, PresenceEventBus presenceBus,
                        RoomMessageBus messageBus, NodeLeases leases, ClientGateway gateway, Authenticator authenticator,
                        Clock clock, Scheduler scheduler, Telemetry telemetry, ActivityFeed feed,
                        ControlBus control, StoreHealth health, RoomAuthorizer authorizer, EventLog eventLog,
                        DeliveryLedger ledger, EventSink sink) {

        /** The ports of a node without an event log. */
        public Ports(SessionRegistry registry, PresenceDirectory directory, PresenceEventBus presenceBus,
                     RoomMessageBus messageBus, NodeLeases leases, ClientGateway gateway, Authenticator authenticator,
                     Clock clock, Scheduler scheduler, Telemetry telemetry, ActivityFeed feed,
                     ControlBus control, StoreHealth health, RoomAuthorizer authorizer) {
            this(registry, directory, presenceBus, messageBus, leases, gateway, authenticator, clock, scheduler,
                    telemetry, feed, control, health, authorizer, EventLog.NONE, null, null);
        }

        /** The ports of a node without a room authorizer. */
        public Ports(SessionRegistry registry, PresenceDirectory directory, PresenceEventBus presenceBus,
                     RoomMessageBus messageBus, NodeLeases leases, ClientGateway gateway, Authenticator authenticator,
                     Clock clock, Scheduler scheduler, Telemetry telemetry, ActivityFeed feed,
                     ControlBus control, StoreHealth health) {
            this(registry, directory, presenceBus, messageBus, leases, gateway, authenticator, clock, scheduler,
                    telemetry, feed, control, health, RoomAuthorizer.NONE);
        }

        /** The ports of a node without an operators' feed or other nodes to command, on a store always there. */
        public Ports(SessionRegistry registry, PresenceDirectory directory, PresenceEventBus presenceBus,
                     RoomMessageBus messageBus, NodeLeases leases, ClientGateway gateway, Authenticator authenticator,
                     Clock clock, Scheduler scheduler, Telemetry telemetry) {
            this(registry, directory, presenceBus, messageBus, leases, gateway, authenticator, clock, scheduler,
                    telemetry, ActivityFeed.NONE, ControlBus.NONE);
        }

        /** The ports of a node on a store always there. */
        public Ports(SessionRegistry registry, PresenceDirectory directory, PresenceEventBus presenceBus,
                     RoomMessageBus messageBus, NodeLeases leases, ClientGateway gateway, Authenticator authenticator,
                     Clock clock, Scheduler scheduler, Telemetry telemetry, ActivityFeed feed, ControlBus control) {
            this(registry, directory, presenceBus, messageBus, leases, gateway, authenticator, clock, scheduler,
                    telemetry, feed, control, StoreHealth.ALWAYS);
        }

        public Ports {
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(directory, "directory");
            Objects.requireNonNull(presenceBus, "presenceBus");
            Objects.requireNonNull(messageBus, "messageBus");
            Objects.requireNonNull(leases, "leases");
            Objects.requireNonNull(gateway, "gateway");
            Objects.requireNonNull(authenticator, "authenticator");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(scheduler, "scheduler");
            Objects.requireNonNull(telemetry, "telemetry");
            Objects.requireNonNull(feed, "feed");
            Objects.requireNonNull(control, "control");
            Objects.requireNonNull(health, "health");
            Objects.requireNonNull(authorizer, "authorizer");
            Objects.requireNonNull(eventLog, "eventLog");
            if (sink != null && ledger == null) {
                throw new IllegalArgumentException("delivering to a sink needs a delivery ledger");
            }
        }

        /** These ports with {@code other} asked about rooms. */
        public Ports withAuthorizer(RoomAuthorizer other) {
            return new Ports(registry, directory, presenceBus, messageBus, leases, gateway, authenticator, clock,
                    scheduler, telemetry, feed, control, health, other, eventLog, ledger, sink);
        }

        /**
         * These ports with {@code log} as the event log, delivered to {@code sink} by way of {@code ledger}, or
         * delivered nowhere when {@code sink} is null (then {@code ledger} may be null too).
         */
        public Ports withEvents(EventLog log, DeliveryLedger ledger, EventSink sink) {
            return new Ports(registry, directory, presenceBus, messageBus, leases, gateway, authenticator, clock,
                    scheduler, telemetry, feed, control, health, authorizer, log, ledger, sink);
        }
    }

    /**
     * The node's identity and the presence policies it applies.
     *
     * @param largeRoom from how many members across every node a room hears counted changes once a
     *                  {@code crowdTick} instead of one presence frame per change (until it falls a tenth below),
     *                  and a joiner gets a partial member list with the count; 0 never
     * @param roomsOpen whether a user may join a room its credentials do not grant when no authorizer is
     *                  configured (with one, the authorizer decides)
     * @param limits    how many sessions a user, and how many rooms a session, may have
     * @param delivery  how the event log is delivered to the sink, when there is one
     */
    public record Settings(NodeBoot node, GracePeriod grace, Duration lease, int largeRoom,
                           Duration crowdTick, Duration reconcileTick, boolean roomsOpen, Limits limits,
                           DeliverySettings delivery) {
        public static final int DEFAULT_LARGE_ROOM = 1000;
        public static final Duration DEFAULT_CROWD_TICK = Duration.ofMillis(100);
        /** One part of this node's sessions is compared with the store per tick: 64 parts make a 6.4 s pass. */
        public static final Duration DEFAULT_RECONCILE_TICK = Duration.ofMillis(100);
        /** How often due grace periods are swept, whichever node started them. */
        public static final Duration SWEEP_EVERY = Duration.ofMillis(500);
        /** The longest time between two lease renewals, so that a node learns soon that its lease was taken. */
        public static final Duration MAX_HEARTBEAT_EVERY = Duration.ofSeconds(1);
        /** The longest time between two looks for lapsed leases: a dead node is reaped at most this late. */
        public static final Duration MAX_REAP_EVERY = Duration.ofMillis(500);

        public Settings(NodeBoot node, GracePeriod grace, Duration lease) {
            this(node, grace, lease, DEFAULT_LARGE_ROOM, DEFAULT_CROWD_TICK);
        }

        public Settings(NodeBoot node, GracePeriod grace, Duration lease, int largeRoom, Duration crowdTick) {
            this(node, grace, lease, largeRoom, crowdTick, DEFAULT_RECONCILE_TICK);
        }

        /** Rooms closed to whoever the credentials do not grant them, and the default limits. */
        public Settings(NodeBoot node, GracePeriod grace, Duration lease, int largeRoom, Duration crowdTick,
                        Duration reconcileTick) {
            this(node, grace, lease, largeRoom, crowdTick, reconcileTick, false, Limits.DEFAULT);
        }

        /** The default delivery of the event log. */
        public Settings(NodeBoot node, GracePeriod grace, Duration lease, int largeRoom, Duration crowdTick,
                        Duration reconcileTick, boolean roomsOpen, Limits limits) {
            this(node, grace, lease, largeRoom, crowdTick, reconcileTick, roomsOpen, limits, DeliverySettings.DEFAULT);
        }

        public Settings {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(grace, "grace");
            Objects.requireNonNull(lease, "lease");
            Objects.requireNonNull(crowdTick, "crowdTick");
            Objects.requireNonNull(reconcileTick, "reconcileTick");
            if (largeRoom < 0 || crowdTick.isNegative() || crowdTick.isZero()) {
                throw new IllegalArgumentException("largeRoom must be 0 or more and crowdTick positive");
            }
            if (reconcileTick.isNegative() || reconcileTick.isZero()) {
                throw new IllegalArgumentException("reconcileTick must be positive");
            }
            Objects.requireNonNull(limits, "limits");
            Objects.requireNonNull(delivery, "delivery");
        }

        /** These settings with every room open, or not, to whoever the credentials do not grant it. */
        public Settings withRoomsOpen(boolean open) {
            return new Settings(node, grace, lease, largeRoom, crowdTick, reconcileTick, open, limits, delivery);
        }

        /** These settings with other limits. */
        public Settings withLimits(Limits other) {
            return new Settings(node, grace, lease, largeRoom, crowdTick, reconcileTick, roomsOpen, other, delivery);
        }

        /** These settings with another delivery of the event log. */
        public Settings withDelivery(DeliverySettings other) {
            return new Settings(node, grace, lease, largeRoom, crowdTick, reconcileTick, roomsOpen, limits, other);
        }

        /** How often the lease is renewed: three times per lease time, and at least once a second. */
        public Duration heartbeatEvery() {
            Duration third = lease.dividedBy(3);
            return third.compareTo(MAX_HEARTBEAT_EVERY) < 0 ? third : MAX_HEARTBEAT_EVERY;
        }

        /** How often lapsed leases are looked for: three times per lease time, and at least twice a second. */
        public Duration reapEvery() {
            Duration third = lease.dividedBy(3);
            return third.compareTo(MAX_REAP_EVERY) < 0 ? third : MAX_REAP_EVERY;
        }
    }

    public UseCases(Ports ports, Settings settings) {
        this.node = settings.node();
        Telemetry telemetry = ports.telemetry();
        GraceTimers timers = new GraceTimers(ports.scheduler(), ports.clock());
        Announcer announcer = new Announcer(ports.presenceBus(), telemetry, timers);
        Subscriptions subscriptions = new Subscriptions(ports.presenceBus(), ports.messageBus());
        RoomMembers members = new RoomMembers(ports.directory(), settings.largeRoom());
        LocalDelivery delivery = new LocalDelivery(roster, ports.gateway(), ports.directory(), settings.largeRoom(),
                telemetry);
        ports.presenceBus().listen(delivery::presence);
        ports.messageBus().listen(delivery::message);

        this.authenticate = new AuthenticateService(ports.authenticator(), ports.directory(), settings.limits());
        this.connect = new ConnectService(ports.registry(), ports.clock(), settings.node(), roster, announcer,
                settings.limits());
        this.disconnect = new DisconnectService(ports.registry(), ports.clock(), settings.grace(), roster,
                subscriptions, announcer, ports.scheduler());
        JoinRoomService joining = new JoinRoomService(ports.registry(), ports.clock(), roster, subscriptions,
                announcer, members, new RoomAccess(ports.authorizer(), settings.roomsOpen()), settings.limits());
        // what a joiner is told of the room's members is what this node's audits later compare with the store
        this.join = command -> joining.join(command).thenApply(listing -> {
            delivery.listed(command.room(), listing.members());
            return listing;
        });
        this.leave = new LeaveRoomService(ports.registry(), ports.clock(), roster, subscriptions, announcer);
        this.setStatus = new SetStatusService(ports.registry(), ports.clock(), roster, announcer);
        this.say = new SayService(ports.messageBus(), ports.clock(), roster);
        this.who = new WhoService(roster, members);
        this.query = new QueryPresenceService(ports.directory(), ports.leases(), ports.clock(), members,
                settings.node(), roster);
        // the live nodes take the grace sweep's rounds in turn, as the reaping rounds' read of the leases tells
        SweepTurns turns = new SweepTurns(settings.node(), settings.lease());
        this.expireGrace = new ExpireGraceService(ports.registry(), ports.directory(), ports.clock(), announcer,
                timers, turns);
        NodeLeaseService leaseService = new NodeLeaseService(ports.leases(), ports.registry(), ports.directory(),
                ports.clock(), settings.node(), settings.lease(), settings.reapEvery(), settings.grace(), roster,
                announcer, ports.feed(), telemetry, turns);
        this.nodeLeases = leaseService;
        ReconcileService reconciling = new ReconcileService(ports.registry(), ports.directory(), ports.clock(),
                settings.node(), settings.grace(), roster, announcer, telemetry);
        this.reconcile = reconciling;
        Runnable audit = HousekeepingService.quietly(telemetry, "room audit",
                () -> delivery.auditAll(ports.clock().now()));
        // sessions go back even when the lease cannot be written now (the next heartbeat writes it), but it is told
        Supplier<CompletionStage<?>> renewLease = () -> Stages.calling(leaseService::renew)
                .whenComplete((renewed, failure) -> {
                    if (failure != null) {
                        telemetry.housekeepingFailed("renewing the lease before a restore", failure);
                    }
                });
        this.restore = new RestoreService(renewLease, reconciling, () -> {
            HousekeepingService.quietly(telemetry, "looking for boots without a lease",
                    leaseService::lookForUnleasedEverywhere).run();
            ports.scheduler().schedule(settings.lease(), audit);
        });
        leaseService.onLeaseLost(restore::restoreAll);
        this.adminDisconnect = new AdminDisconnectService(roster, ports.gateway(), ports.control(), ports.eventLog(),
                ports.directory(), ports.leases(), settings.node(), ports.clock(), ports.scheduler(), telemetry);
        // an expiry that fails is told here, and done by a later sweep
        timers.onDeadline(user -> HousekeepingService.quietly(telemetry, "grace expiry",
                () -> expireGrace.expire(user)).run());
        this.readEvents = new ReadEventsService(ports.eventLog());
        Deliverer deliverer = ports.sink() == null ? null : new Deliverer(ports.ledger(), ports.eventLog(),
                ports.sink(), ports.clock(), ports.scheduler(), telemetry, settings.delivery(),
                settings.node().toString(), () -> ThreadLocalRandom.current().nextDouble());
        EventDeliveryService eventDelivery = new EventDeliveryService(ports.ledger(), ports.sink(), deliverer);
        this.eventDelivery = eventDelivery;
        this.housekeeping = new HousekeepingService(ports.scheduler(), ports.clock(), telemetry, settings,
                nodeLeases, reconcile, expireGrace, delivery, timers, eventDelivery);
        this.health = new NodeHealthService(ports.health());
        this.watchActivity = new WatchActivityService(ports.feed());
    }

    /** The sessions this node holds, for tests and diagnostics that look inside a node. */
    public LocalRoster roster() {
        return roster;
    }

    public NodeBoot node() {
        return node;
    }

    public AuthenticateUseCase authenticate() {
        return authenticate;
    }

    public ConnectUseCase connect() {
        return connect;
    }

    public DisconnectUseCase disconnect() {
        return disconnect;
    }

    public JoinRoomUseCase join() {
        return join;
    }

    public LeaveRoomUseCase leave() {
        return leave;
    }

    public SetStatusUseCase setStatus() {
        return setStatus;
    }

    public SayUseCase say() {
        return say;
    }

    public WhoUseCase who() {
        return who;
    }

    public QueryPresenceUseCase query() {
        return query;
    }

    public ExpireGraceUseCase expireGrace() {
        return expireGrace;
    }

    public NodeLeaseUseCase nodeLeases() {
        return nodeLeases;
    }

    public RestoreUseCase restore() {
        return restore;
    }

    public ReconcileUseCase reconcile() {
        return reconcile;
    }

    public AdminDisconnectUseCase adminDisconnect() {
        return adminDisconnect;
    }

    public WatchActivityUseCase watchActivity() {
        return watchActivity;
    }

    public HousekeepingUseCase housekeeping() {
        return housekeeping;
    }

    public NodeHealthUseCase health() {
        return health;
    }

    public ReadEventsUseCase readEvents() {
        return readEvents;
    }

    /** The delivery of the event log to the sink; housekeeping starts and stops it on this node. */
    public EventDeliveryUseCase eventDelivery() {
        return eventDelivery;
    }
}
