package dev.roster.adapters.redis;

import dev.roster.application.port.out.Activity;
import dev.roster.application.port.out.ActivityFeed;
import dev.roster.application.port.out.ControlBus;
import dev.roster.application.port.out.NodeLeases;
import dev.roster.application.port.out.PresenceEventBus;
import dev.roster.application.port.out.RoomMessageBus;
import dev.roster.application.port.out.StoreHealth;
import dev.roster.application.port.out.StoreUnavailableException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every outgoing port of the store on one Redis (standalone, Sentinel or Cluster): one command connection, one
 * subscriber connection and a watcher per node. Commands are asynchronous and never queue while Redis is away:
 * they fail at once, or after the command timeout, with {@code StoreUnavailableException}.
 */
public final class RedisStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisStore.class);
    private static final Duration CONNECT_RETRY_EVERY = Duration.ofMillis(500);

    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final StatefulConnection<String, String> connection;
    private final RedisPresenceStore presence;
    private final RedisRoomBuses buses;
    private final RedisNodeLeases leases;
    private final ResetWatcher watcher;
    private final Broadcast<List<Activity>> activity;
    private final Broadcast<ControlBus.ControlMessage> control;
    private final ActivityFeed activityFeed;
    private final ControlBus controlBus;
    private final ExecutorService broadcasts;
    private final ExecutorService answers;
    private final StatefulConnection<String, String> bulkConnection;

    private RedisStore(ClientResources resources, AbstractRedisClient client,
                       StatefulConnection<String, String> connection, RedisClusterAsyncCommands<String, String> redis,
                       StatefulConnection<String, String> bulkConnection,
                       RedisClusterAsyncCommands<String, String> bulk, PubSub pubSub, RedisSettings settings) {
        this.resources = resources;
        this.client = client;
        this.connection = connection;
        this.bulkConnection = bulkConnection;
        Keys keys = new Keys(settings.buckets());
        this.answers = Executors.newSingleThreadExecutor(daemon("roster-redis-answers"));
        this.presence = new RedisPresenceStore(redis, bulk, keys, settings, answers);
        this.buses = new RedisRoomBuses(pubSub, keys);
        this.broadcasts = Executors.newSingleThreadExecutor(daemon("roster-redis-broadcast"));
        BroadcastCodec codec = new BroadcastCodec();
        this.activity = new Broadcast<>(pubSub, "roster:activity", codec::activities, codec::activities, broadcasts);
        this.control = new Broadcast<>(pubSub, "roster:control", codec::control, codec::control, broadcasts);
        this.activityFeed = new RedisActivityFeed(activity);
        this.controlBus = new RedisControlBus(control);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("roster-redis-watch"));
        this.watcher = new ResetWatcher(redis, keys, this::resubscribe, timer, settings.resetCheckEvery());
        this.leases = new RedisNodeLeases(redis, keys);
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private CompletableFuture<?> resubscribe() {
        return CompletableFuture.allOf(buses.resubscribe(), activity.subscribe(), control.subscribe());
    }

    /**
     * Connects to Redis: {@code url} ({@code redis://}, {@code rediss://}, {@code redis-sentinel://}) or, when
     * {@code clusterSeeds} is given, the Redis Cluster behind those {@code host:port} seeds. Waits (at start, off any
     * request path) until Redis answers once, at most {@link RedisSettings#connectWithin()}, so a wrong address
     * fails here with {@code StoreUnavailableException}.
     */
    public static RedisStore open(String url, String clusterSeeds, RedisSettings settings) {
        ClientResources resources = ClientResources.builder()
                // reconnect fast: a node must notice within a second that Redis is back
                .reconnectDelay(Delay.constant(Duration.ofMillis(200)))
                .build();
        try {
            RedisStore store = connect(resources, url, clusterSeeds, settings);
            store.resubscribe().join();
            store.watcher.start().join();
            return store;
        } catch (RuntimeException e) {
            resources.shutdown();
            throw e;
        }
    }

    /** Redis may start at the same time as the nodes (a compose file, a deploy): wait for it, but not forever. */
    private static RedisStore connect(ClientResources resources, String url, String clusterSeeds,
                                      RedisSettings settings) {
        long deadline = System.nanoTime() + settings.connectWithin().toNanos();
        while (true) {
            try {
                return clusterSeeds != null && !clusterSeeds.isBlank()
                        ? cluster(resources, clusterSeeds, settings) : standalone(resources, url, settings);
            } catch (RedisException e) {
                if (System.nanoTime() > deadline) {
                    throw new StoreUnavailableException("Redis did not answer within " + settings.connectWithin()
                            + ": " + e.getMessage(), e);
                }
                LOG.warn("Redis does not answer yet ({}); trying again", e.getMessage());
                sleep(CONNECT_RETRY_EVERY);
            }
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for Redis", e);
        }
    }

    private static RedisStore standalone(ClientResources resources, String url, RedisSettings settings) {
        RedisClient client = RedisClient.create(resources, RedisURI.create(url));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(CommandTimeouts.options(settings.commandTimeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(settings.commandTimeout()).build())
                .build());
        try {
            StatefulRedisConnection<String, String> connection = client.connect();
            StatefulRedisConnection<String, String> bulk = client.connect();
            PubSub pubSub = new StandalonePubSub(connection.async(), client.connectPubSub());
            return new RedisStore(resources, client, connection, connection.async(), bulk, bulk.async(), pubSub,
                    settings);
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    private static RedisStore cluster(ClientResources resources, String seeds, RedisSettings settings) {
        List<RedisURI> uris = Arrays.stream(seeds.split(",")).map(String::strip)
                .map(seed -> RedisURI.create("redis://" + seed)).toList();
        RedisClusterClient client = RedisClusterClient.create(resources, uris);
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
            PubSub pubSub = new ShardedPubSub(connection.async(), client.connectPubSub());
            return new RedisStore(resources, client, connection, connection.async(), bulk, bulk.async(), pubSub,
                    settings);
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
     * {@code RosterApplication.restore().restoreAll()}. Retried until it succeeds. (A lease found gone is noticed by
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

    @Override
    public void close() {
        try {
            watcher.close();
            buses.close();
            broadcasts.shutdown();
            connection.close();
            bulkConnection.close();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown();
            answers.shutdown();
        }
    }
}
