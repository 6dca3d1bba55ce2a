package dev.roster.adapters.redis;

import dev.roster.adapters.runtime.DaemonThreads;
import dev.roster.application.port.out.ActivityFeed;
import dev.roster.application.port.out.ControlBus;
import dev.roster.application.port.out.DeliveryLedger;
import dev.roster.application.port.out.EventLog;
import dev.roster.application.port.out.NodeLeases;
import dev.roster.application.port.out.PresenceEventBus;
import dev.roster.application.port.out.RoomMessageBus;
import dev.roster.application.port.out.StoreHealth;
import dev.roster.application.port.out.Telemetry;
import dev.roster.domain.Activity;
import dev.roster.domain.StoreUnavailableException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.event.connection.ConnectionDeactivatedEvent;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * Every outgoing port of the store on one Redis (standalone, Sentinel or Cluster): one command connection, one for
 * bulk reads, one subscriber connection, one that waits for the event log to grow ({@link EventTailer}) and a
 * watcher per node. Commands are asynchronous and never queue while Redis is away: they fail at once, or after the
 * command timeout, with {@code StoreUnavailableException}.
 *
 * <p>The store is built before it connects ({@link #create}), so that a node can serve its probes while Redis is
 * not there yet: until Redis first answers, every port fails with {@code StoreUnavailableException} and
 * {@link #health()} says unavailable. {@link #connect()} tries once and then keeps trying in the background,
 * saying once what it waits for and then only a reminder every {@link #REMIND_EVERY}, until Redis answers or the
 * store is closed.
 */
public final class RedisStore implements AutoCloseable {
    /** While Redis does not answer, how often the store says that it still waits. */
    static final Duration REMIND_EVERY = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(RedisStore.class);
    private static final Duration CONNECT_RETRY_EVERY = Duration.ofMillis(500);
    /** A connection attempt under way when the store closes ends within its connect timeout; wait that long. */
    private static final Duration CONNECTOR_STOP_WAIT = Duration.ofSeconds(3);
    /** How often each node trims the event log of entries older than {@link RedisSettings#eventsMaxAge()}. */
    private static final Duration TRIM_BY_AGE_EVERY = Duration.ofMinutes(1);

    private final ClientResources resources;
    private final Target target;
    private final RedisSettings settings;
    private final DeferredCommands redis = new DeferredCommands();
    private final DeferredCommands bulk = new DeferredCommands();
    private final DeferredPubSub pubSub = new DeferredPubSub();
    private final DeferredCommands tail = new DeferredCommands();
    private final RedisPresenceStore presence;
    private final RedisRoomBuses buses;
    private final RedisNodeLeases leases;
    private final ResetWatcher watcher;
    private final RedisEventLog events;
    private final RedisDeliveryLedger ledger;
    private final OutboxRelay relay;
    private final EventTailer tailer;
    private final ScheduledExecutorService eventsTimer;
    private final Disposable dropped;
    private final Broadcast<List<Activity>> activity;
    private final Broadcast<ControlBus.ControlMessage> control;
    private final ActivityFeed activityFeed;
    private final ControlBus controlBus;
    private final ExecutorService broadcasts;
    private final ExecutorService answers;
    private final Telemetry telemetry;
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final AtomicBoolean connecting = new AtomicBoolean();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile String lastFailure = "no attempt yet";
    private Link link;
    private Thread connector;
    private boolean closed;

    private RedisStore(ClientResources resources, Target target, RedisSettings settings, Telemetry telemetry) {
        this.resources = resources;
        this.target = target;
        this.settings = settings;
        this.telemetry = telemetry;
        Keys keys = new Keys(settings.buckets());
        this.answers = Executors.newSingleThreadExecutor(DaemonThreads.named("roster-redis-answers"));
        this.eventsTimer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("roster-redis-events"));
        // on a cluster the log's slot is not a bucket's: commits append to their bucket's outbox, relayed from there
        this.relay = target.seeds() != null
                ? new OutboxRelay(redis.commands(), keys, () -> shards(keys), settings.eventsKeep(), eventsTimer,
                        telemetry)
                : null;
        ScheduledExecutorService timer =
                Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("roster-redis-watch"));
        // a Cluster has a marker per master to read: checking half as often keeps an idle node's reads of them at
        // 2 × masters a second at most (ADR 10), and a shard that restarts drops this node's connection to it anyway;
        // a master this node sweeps has its marker read by the sweep's script, and the check then sends nothing to it
        Duration checkEvery = target.seeds() != null ? settings.resetCheckEvery().multipliedBy(2)
                : settings.resetCheckEvery();
        this.watcher = new ResetWatcher(redis.commands(), keys, () -> markerBuckets(keys), this::resubscribe, timer,
                checkEvery, telemetry);
        EventCodec eventCodec = new EventCodec();
        this.presence = new RedisPresenceStore(redis.commands(), bulk.commands(), keys, settings, answers,
                telemetry, new EventAppends(keys, eventCodec, settings.eventsKeep(), relay), () -> shards(keys),
                target.seeds() != null, watcher::swept);
        this.tailer = new EventTailer(tail.commands(), keys.eventLog(), DaemonThreads.named("roster-redis-tail"),
                telemetry);
        AnswerThread eventAnswers = new AnswerThread(answers);
        this.events = new RedisEventLog(redis.commands(), keys, settings, eventCodec, relay, tailer, eventAnswers);
        this.ledger = new RedisDeliveryLedger(redis.commands(), keys, eventAnswers);
        this.buses = new RedisRoomBuses(pubSub, keys, telemetry);
        this.broadcasts = Executors.newSingleThreadExecutor(DaemonThreads.named("roster-redis-broadcast"));
        ActivityCodec activityCodec = new ActivityCodec();
        ControlCodec controlCodec = new ControlCodec();
        this.activity = new Broadcast<>(pubSub, "roster:activity", activityCodec::activities,
                activityCodec::activities, broadcasts, telemetry, "activity_listener");
        this.control = new Broadcast<>(pubSub, "roster:control", controlCodec::control, controlCodec::control,
                broadcasts, telemetry, "control_listener");
        this.activityFeed = new RedisActivityFeed(activity);
        this.controlBus = new RedisControlBus(control);
        this.leases = new RedisNodeLeases(redis.commands(), keys);
        // a Redis that restarts faster than a check of its markers (an RDB loads in tens of milliseconds) is seen
        // only by the connections it dropped: what was announced meanwhile is lost all the same
        this.dropped = resources.eventBus().get()
                .filter(event -> event instanceof ConnectionDeactivatedEvent)
                .subscribe(event -> watcher.connectionLost());
    }

    /** The buckets whose epoch markers the watcher reads: one per server, re-derived each time as slots move. */
    private int[] markerBuckets(Keys keys) {
        Link current;
        synchronized (this) {
            current = link;
        }
        if (current != null && current.client() instanceof RedisClusterClient cluster) {
            return EpochMarkers.perMaster(cluster.getPartitions(), keys);
        }
        return EpochMarkers.oneServer();
    }

    /** The buckets grouped by the server that holds them: one group, or one per master, re-derived as slots move. */
    private List<int[]> shards(Keys keys) {
        Link current;
        synchronized (this) {
            current = link;
        }
        if (current != null && current.client() instanceof RedisClusterClient cluster) {
            return Shards.perMaster(cluster.getPartitions(), keys);
        }
        return Shards.oneServer(keys);
    }

    private CompletableFuture<?> resubscribe() {
        return CompletableFuture.allOf(buses.resubscribe(), activity.subscribe(), control.subscribe());
    }

    /**
     * A store on Redis that is not connected yet: {@code url} ({@code redis://}, {@code rediss://},
     * {@code redis-sentinel://}) or, when {@code clusterSeeds} is given, the Redis Cluster behind those
     * {@code host:port} seeds. A malformed address fails here; nothing is sent until {@link #connect()}.
     */
    public static RedisStore create(String url, String clusterSeeds, RedisSettings settings) {
        return create(url, clusterSeeds, settings, Telemetry.NONE);
    }

    /**
     * As {@link #create(String, String, RedisSettings)}, with {@code telemetry} told of what fails with nobody to
     * answer: a listener that throws, a message that cannot be read, a subscription or an index update that does
     * not happen now, a restore after a reset that must be tried again.
     */
    public static RedisStore create(String url, String clusterSeeds, RedisSettings settings, Telemetry telemetry) {
        Target target = Target.of(url, clusterSeeds);
        ClientResources resources = ClientResources.builder()
                // reconnect fast: a node must notice within a second that Redis is back
                .reconnectDelay(Delay.constant(Duration.ofMillis(200)))
                .build();
        try {
            return new RedisStore(resources, target, settings, telemetry);
        } catch (RuntimeException e) {
            resources.shutdown();
            throw e;
        }
    }

    /**
     * A store that has connected: {@link #create} and {@link #connect()}, waiting at most
     * {@link RedisSettings#connectWithin()} for Redis to answer, so that a wrong address fails here with
     * {@code StoreUnavailableException}.
     */
    public static RedisStore open(String url, String clusterSeeds, RedisSettings settings) {
        RedisStore store = create(url, clusterSeeds, settings);
        try {
            store.connect().get(settings.connectWithin().toMillis(), TimeUnit.MILLISECONDS);
            return store;
        } catch (TimeoutException e) {
            store.close();
            throw new StoreUnavailableException("Redis did not answer within " + settings.connectWithin() + ": "
                    + store.lastFailure, e);
        } catch (ExecutionException e) {
            store.close();
            throw new StoreUnavailableException("Redis could not be connected: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            store.close();
            throw new StoreUnavailableException("interrupted while waiting for Redis", e);
        }
    }

    /**
     * Connects: tries once now, on the caller's thread, and if Redis does not answer keeps trying in the background
     * until it does or the store is closed, with no deadline. The answer completes once Redis answered, this
     * store's channels are subscribed to and its watcher runs; it fails only when the store is closed first.
     * Calling it again returns the same answer.
     */
    public CompletableFuture<Void> connect() {
        if (!connecting.compareAndSet(false, true)) {
            return connected.copy();
        }
        ConnectWait wait = new ConnectWait(target.description(), REMIND_EVERY, System::nanoTime);
        if (!attempt(wait)) {
            Thread thread = new Thread(() -> keepTrying(wait), "roster-redis-connect");
            thread.setDaemon(true);
            synchronized (this) {
                if (!closed) {
                    connector = thread;
                    thread.start();
                }
            }
        }
        return connected.copy();
    }

    private void keepTrying(ConnectWait wait) {
        try {
            while (!closing.await(CONNECT_RETRY_EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
                if (attempt(wait)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One try; true when there is nothing left to try: Redis answered, or the store was closed. */
    private boolean attempt(ConnectWait wait) {
        Link opened;
        try {
            opened = target.connect(resources, settings);
        } catch (RuntimeException e) {
            lastFailure = reason(e);
            synchronized (this) {
                if (closed) {
                    return true;
                }
            }
            wait.failed(lastFailure).ifPresent(LOG::warn);
            return false;
        }
        if (!adopt(opened)) {
            opened.pubSub().close();
            opened.close();
            return true;
        }
        wait.answered().ifPresent(LOG::info);
        finishStart();
        return true;
    }

    private synchronized boolean adopt(Link opened) {
        if (closed) {
            return false;
        }
        link = opened;
        redis.bind(opened.commands());
        bulk.bind(opened.bulkCommands());
        tail.bind(opened.tailCommands());
        pubSub.bind(opened.pubSub());
        return true;
    }

    // subscribes to what the buses want (nothing, at a node's start) and starts the watcher, which turns healthy
    private void finishStart() {
        try {
            resubscribe().join();
        } catch (CompletionException e) {
            LOG.warn("subscribing failed, done again when Redis answers: {}", Failures.translate(e).getMessage());
            telemetry.adapterFailed("room_subscription", e);
        }
        try {
            watcher.start().join();
            startEventUpkeep();
            connected.complete(null);
        } catch (RuntimeException e) {
            // closed while starting: the watcher's timer refuses work
            connected.completeExceptionally(e);
        }
    }

    /** The relay's sweep of the outboxes (on a cluster), and the trim of the log by age. */
    private void startEventUpkeep() {
        if (relay != null) {
            relay.start(OutboxRelay.SWEEP_EVERY);
        }
        if (settings.eventsMaxAge().isZero()) {
            return;
        }
        long every = TRIM_BY_AGE_EVERY.toMillis();
        eventsTimer.scheduleWithFixedDelay(() -> events.trimByAge(Instant.now(), settings.eventsMaxAge())
                .whenComplete((trimmed, failure) -> {
                    if (failure != null) {
                        LOG.debug("trimming the event log by age failed, tried again later", failure);
                    }
                }), every, every, TimeUnit.MILLISECONDS);
    }

    private static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(failure.getMessage());
        return root == failure || root.getMessage() == null || message.contains(root.getMessage())
                ? message : message + ": " + root.getMessage();
    }

    /** Where Redis is: a URL or the seeds of a cluster, parsed once, so that a malformed one fails at once. */
    private record Target(RedisURI uri, List<RedisURI> seeds, String description) {
        static Target of(String url, String clusterSeeds) {
            if (clusterSeeds != null && !clusterSeeds.isBlank()) {
                List<RedisURI> seeds = Arrays.stream(clusterSeeds.split(",")).map(String::strip)
                        .map(seed -> RedisURI.create("redis://" + seed)).toList();
                return new Target(null, seeds, "Redis Cluster " + clusterSeeds);
            }
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException("a Redis URL or the seeds of a Redis Cluster are needed");
            }
            return new Target(RedisURI.create(url), null, "Redis at " + redacted(url));
        }

        // RedisURI masks a password with as many stars as it has characters; this says nothing of it
        private static String redacted(String url) {
            return url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@", "$1***@");
        }

        Link connect(ClientResources resources, RedisSettings settings) {
            return seeds != null ? cluster(resources, seeds, settings) : standalone(resources, uri, settings);
        }
    }

    /** The connections of one client, once Redis answered; the pub/sub is closed with the buses. */
    private record Link(AbstractRedisClient client, StatefulConnection<String, String> connection,
                        RedisClusterAsyncCommands<String, String> commands,
                        StatefulConnection<String, String> bulkConnection,
                        RedisClusterAsyncCommands<String, String> bulkCommands,
                        StatefulConnection<String, String> tailConnection,
                        RedisClusterAsyncCommands<String, String> tailCommands, PubSub pubSub) {
        void close() {
            try {
                connection.close();
                bulkConnection.close();
                tailConnection.close();
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
    }

    private static Link standalone(ClientResources resources, RedisURI uri, RedisSettings settings) {
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(CommandTimeouts.options(settings.commandTimeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(settings.commandTimeout()).build())
                .build());
        try {
            StatefulRedisConnection<String, String> connection = client.connect();
            StatefulRedisConnection<String, String> bulk = client.connect();
            StatefulRedisConnection<String, String> tail = client.connect();
            PubSub pubSub = new StandalonePubSub(connection.async(), client.connectPubSub());
            return new Link(client, connection, connection.async(), bulk, bulk.async(), tail, tail.async(), pubSub);
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    private static Link cluster(ClientResources resources, List<RedisURI> seeds, RedisSettings settings) {
        RedisClusterClient client = RedisClusterClient.create(resources, seeds);
        client.setOptions(ClusterClientOptions.builder()
                .autoReconnect(true)
                // a cluster connects to each shard on first use, and rejecting would fail that first command; a
                // command waiting for a shard still fails after the command timeout, so nothing queues for long
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                .timeoutOptions(CommandTimeouts.options(settings.commandTimeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(settings.commandTimeout()).build())
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(Duration.ofSeconds(30))
                        .build())
                .build());
        try {
            StatefulRedisClusterConnection<String, String> connection = client.connect();
            StatefulRedisClusterConnection<String, String> bulk = client.connect();
            StatefulRedisClusterConnection<String, String> tail = client.connect();
            PubSub pubSub = new ShardedPubSub(connection.async(), client.connectPubSub());
            return new Link(client, connection, connection.async(), bulk, bulk.async(), tail, tail.async(), pubSub);
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    /** The shared presence: both {@code SessionRegistry} and {@code PresenceDirectory}. */
    public RedisPresenceStore presence() {
        return presence;
    }

    public PresenceEventBus presenceBus() {
        return buses.presence();
    }

    public RoomMessageBus messageBus() {
        return buses.messages();
    }

    public NodeLeases leases() {
        return leases;
    }

    /** The cluster's event log. */
    public EventLog events() {
        return events;
    }

    /** What the nodes share about delivering the event log to a sink. */
    public DeliveryLedger ledger() {
        return ledger;
    }

    /** The relay of the outboxes into the log on a Redis Cluster, null on any other Redis: for tests. */
    OutboxRelay relay() {
        return relay;
    }

    /** The operators' feed of every node's activity, on one channel. */
    public ActivityFeed activityFeed() {
        return activityFeed;
    }

    /** Commands between nodes, on one channel. */
    public ControlBus controlBus() {
        return controlBus;
    }

    public StoreHealth health() {
        return watcher;
    }

    /**
     * What to run when Redis comes back without this node's data: bootstrap wires it to
     * {@code RestoreUseCase.restoreAll()}. Retried until it succeeds. (A lease found gone is noticed by
     * the application itself, from the answer of its renewal.)
     */
    public void onReset(Supplier<? extends CompletionStage<?>> restore) {
        watcher.onReset(() -> {
            presence.reassertRooms(true);
            CompletableFuture<?> restored;
            try {
                restored = restore.get().toCompletableFuture();
            } catch (RuntimeException e) {
                restored = CompletableFuture.failedFuture(e);
            }
            return restored.whenComplete((done, failure) -> presence.reassertRooms(false));
        });
    }

    /**
     * Stops trying to connect (waiting a moment for an attempt under way), then closes the connections. A store
     * closed before Redis answered fails the answer of {@link #connect()}.
     */
    @Override
    public void close() {
        Thread trying;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            trying = connector;
        }
        closing.countDown();
        connected.completeExceptionally(new StoreUnavailableException("closed before Redis answered"));
        try {
            if (trying != null && trying != Thread.currentThread()) {
                trying.join(CONNECTOR_STOP_WAIT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Link opened;
        synchronized (this) {
            opened = link;
        }
        try {
            dropped.dispose();
            watcher.close();
            tailer.close();
            eventsTimer.shutdownNow();
            buses.close();
            broadcasts.shutdown();
            if (opened != null) {
                opened.close();
            }
        } finally {
            resources.shutdown();
            answers.shutdown();
        }
    }
}
